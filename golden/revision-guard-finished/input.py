"""A revision that ends by dropping a table: its witness (the ledger table)
shows that it started, and the old table being gone shows that it finished.
Stopped half way on SQLite or MariaDB, the old table is still there, and the
body runs again with its own guards."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("amount", sa.Integer),
    )
    op.execute("INSERT INTO ledger (id, amount) SELECT id, 0 FROM accounts")
    op.drop_table("accounts")


def downgrade():
    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True))
    op.drop_table("ledger")
