"""audit columns on every table

Revision ID: 1101
Revises: 1004
Create Date: 2021-06-20 11:11:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1101'
down_revision = '1004'
branch_labels = None
depends_on = None

AUDITED = ['users', 'teams']


def _add_audit_columns(table):
    op.add_column(table, sa.Column('created_at', sa.DateTime(), nullable=True))
    op.add_column(table, sa.Column('updated_at', sa.DateTime(), nullable=True))


def upgrade():
    for table in AUDITED:
        _add_audit_columns(table)


def downgrade():
    for table in AUDITED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('updated_at')
            batch_op.drop_column('created_at')
