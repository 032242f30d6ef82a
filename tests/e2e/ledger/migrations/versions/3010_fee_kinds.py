"""fee kinds and types, each made only where it is missing, by hand

The list of tables is read again before the second check: each check reads
the binding that reaches it, so neither gets a second guard.

Revision ID: 3010
Revises: 3009
Create Date: 2023-06-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3010'
down_revision = '3009'
branch_labels = None
depends_on = None


def upgrade():
    names = sa.inspect(op.get_bind()).get_table_names()
    if 'fee_kinds' not in names:
        op.create_table('fee_kinds', sa.Column('id', sa.Integer(), primary_key=True))
    names = sa.inspect(op.get_bind()).get_table_names()
    if 'fee_types' not in names:
        op.create_table('fee_types', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table('fee_types')
    op.drop_table('fee_kinds')
