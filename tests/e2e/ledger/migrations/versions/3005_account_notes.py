"""account notes

Revision ID: 3005
Revises: 3004
Create Date: 2023-05-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3005'
down_revision = '3004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('accounts', sa.Column('note', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('note')
