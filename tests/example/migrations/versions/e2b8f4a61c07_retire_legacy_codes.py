"""retire legacy author codes; add a stock table

Revision ID: e2b8f4a61c07
Revises: c7d91e5f0a42
Create Date: 2023-02-21 08:55:10.331878

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b8f4a61c07'
down_revision = 'c7d91e5f0a42'
branch_labels = None
depends_on = None


def _stock_columns():
    return [
        sa.Column('book_id', sa.Integer(), sa.ForeignKey('books.id'), primary_key=True),
        sa.Column('on_hand', sa.Integer(), nullable=False, server_default='0'),
    ]


def upgrade():
    with op.batch_alter_table('authors') as batch_op:
        batch_op.drop_column('legacy_code')
    op.create_table('stock', *_stock_columns())
    for table in ('books', 'reviews'):
        op.add_column(table, sa.Column('updated_at', sa.DateTime(), nullable=True))


def downgrade():
    for table in ('books', 'reviews'):
        op.drop_column(table, 'updated_at')
    op.drop_table('stock')
    with op.batch_alter_table('authors') as batch_op:
        batch_op.add_column(sa.Column('legacy_code', sa.String(length=8), nullable=True))
