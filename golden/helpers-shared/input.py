"""The default where a project has a script directory: the guards call
checks that a twelve-line block loads from ../migfix_helpers.py, the one
module every fixed migration of the project shares."""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.add_column("books", sa.Column("isbn", sa.String(13), nullable=True))
    op.create_index("ix_books_isbn", "books", ["isbn"])


def downgrade():
    op.drop_index("ix_books_isbn", table_name="books")
    op.drop_column("books", "isbn")
