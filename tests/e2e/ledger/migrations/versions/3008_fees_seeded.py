"""fees, seeded through the migration's connection

The seed goes through `bind.execute`, with the table object and the rows
built in between: a replay that finds the table must not insert them again
(a duplicate primary key would stop it).

Revision ID: 3008
Revises: 3007
Create Date: 2023-06-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3008'
down_revision = '3007'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    op.create_table(
        'fees',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    fees = sa.table('fees', sa.column('id'), sa.column('account_id'), sa.column('amount'))
    rows = [{'id': 1, 'account_id': 1, 'amount': 30}]
    bind.execute(fees.insert(), rows)


def downgrade():
    op.drop_table('fees')
