"""The chain changed since the last run: the guard names the witness it has
now (the ledger table, not the old one)."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    if _migfix_revision_applied([("table", None, "journal")]):
        return
    op.create_table("ledger", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("ledger")
