"""accounts get a currency (the table rebuilt by hand, the SQLite way)

Revision ID: 3004
Revises: 3003
Create Date: 2023-04-11 16:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3004'
down_revision = '3003'
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table('accounts', 'accounts_old')
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('balance', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=True, server_default='EUR'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute("INSERT INTO accounts (id, name, balance, currency) SELECT id, name, balance, 'EUR' FROM accounts_old")
    op.drop_table('accounts_old')


def downgrade():
    op.rename_table('accounts', 'accounts_old')
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('balance', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute("INSERT INTO accounts (id, name, balance) SELECT id, name, balance FROM accounts_old")
    op.drop_table('accounts_old')
