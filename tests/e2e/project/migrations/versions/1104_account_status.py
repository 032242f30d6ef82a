"""account status (a PostgreSQL ENUM where there is one)

Revision ID: 1104
Revises: 1103
Create Date: 2021-10-12 13:20:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '1104'
down_revision = '1103'
branch_labels = None
depends_on = None

account_status = postgresql.ENUM('active', 'disabled', name='account_status', create_type=False)


def _is_postgresql():
    return op.get_context().dialect.name == 'postgresql'


def upgrade():
    if _is_postgresql():
        account_status.create(op.get_bind())
        op.add_column('users', sa.Column('status', account_status, nullable=True))
    else:
        op.add_column('users', sa.Column('status', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('status')
    if _is_postgresql():
        account_status.drop(op.get_bind())
