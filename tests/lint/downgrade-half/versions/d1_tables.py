"""a project that does not support downgrades: the downgrade drops half of it"""
from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("items", sa.Column("id", sa.Integer, primary_key=True))
    op.create_index("ix_items_id", "items", ["id"])


def downgrade():
    op.drop_table("items")
