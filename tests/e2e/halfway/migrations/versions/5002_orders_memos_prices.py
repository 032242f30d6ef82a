"""orders, memos and prices

Revision ID: 5002
Revises: 5001
Create Date: 2024-01-15 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5002'
down_revision = '5001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('placed_on', sa.String(length=10), nullable=True),
    )
    op.create_table(
        'memos',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.String(length=200), nullable=False),
    )
    # Named, so that 5008 can drop it by name (but on MariaDB, where every
    # primary key is called PRIMARY).
    op.create_table(
        'prices',
        sa.Column('product_code', sa.String(length=8), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False, server_default='EUR'),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('product_code', name='pk_prices'),
    )


def downgrade():
    op.drop_table('prices')
    op.drop_table('memos')
    op.drop_table('orders')
