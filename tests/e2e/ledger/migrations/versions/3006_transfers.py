"""transfers

Revision ID: 3006
Revises: 3004
Create Date: 2023-05-03 14:10:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3006'
down_revision = '3004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'transfers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_transfers_account', 'transfers', ['account_id'])


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    # MySQL and MariaDB keep an index under every foreign key: this one is
    # account_id's and cannot be dropped before its key; it goes with the table.
    if not _is_mysql():
        op.drop_index('ix_transfers_account', table_name='transfers')
    op.drop_table('transfers')
