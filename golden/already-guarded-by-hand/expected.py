from alembic import op
import sqlalchemy as sa
from sqlalchemy import inspect


revision = "g1"
down_revision = "f1"


def upgrade():
    inspector = inspect(op.get_bind())
    if "events" not in inspector.get_table_names():
        op.create_table("events", sa.Column("id", sa.Integer, primary_key=True))
    columns = [c["name"] for c in inspector.get_columns("events")]
    if "kind" not in columns:
        op.add_column("events", sa.Column("kind", sa.String(20)))


def downgrade():
    op.drop_table("events", if_exists=True)
