from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
    )
    op.add_column("books", sa.Column("tag_id", sa.Integer))
    op.create_index("ix_books_tag_id", "books", ["tag_id"])
    op.create_foreign_key("fk_books_tag_id", "books", "tags", ["tag_id"], ["id"])
    with op.batch_alter_table("books") as batch_op:
        batch_op.drop_column("legacy_tag")


def downgrade():
    op.drop_constraint("fk_books_tag_id", "books", type_="foreignkey")
    op.drop_index("ix_books_tag_id", table_name="books")
    op.drop_column("books", "tag_id")
    op.drop_table("tags")
