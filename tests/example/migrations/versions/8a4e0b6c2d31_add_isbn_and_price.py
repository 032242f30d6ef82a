"""add isbn and price to books

Revision ID: 8a4e0b6c2d31
Revises: 3f1c2a7d9b10
Create Date: 2021-05-17 16:40:02.118020

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a4e0b6c2d31'
down_revision = '3f1c2a7d9b10'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('books', sa.Column('isbn', sa.String(length=13), nullable=True))
    op.add_column(
        'books',
        sa.Column(
            'price_cents',
            sa.Integer(),
            nullable=False,
            server_default='0',  # existing rows are free until priced
        ),
    )


def downgrade():
    op.drop_column('books', 'price_cents')
    op.drop_column('books', 'isbn')
