"""if_not_exists=True on an Alembic that does not have it (1.12.0: op.create_table
gained it in 1.13.3) is no guard: that Alembic warns and ignores it. Guarded
as usual; a flag this Alembic knows (drop_index, 1.11.2) stays Alembic's own."""
from alembic import op
import sqlalchemy as sa

revision = "n1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer, primary_key=True), if_not_exists=True)


def downgrade():
    op.drop_index("ix_t", table_name="t", if_exists=True)
    op.drop_table("t", if_exists=True)
