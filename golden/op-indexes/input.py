from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.create_index(op.f("ix_books_title"), "books", ["title"], unique=False)
    op.create_index("ix_books_author_year", "books", ["author_id", "year"], schema="shop")


def downgrade():
    op.drop_index("ix_books_author_year", table_name="books", schema="shop")
    op.drop_index(op.f("ix_books_title"), table_name="books")
    op.drop_index("ix_orphan")
