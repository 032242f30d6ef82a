"""A near miss of revision-guard-one-transaction: the upgrade builds an
index CONCURRENTLY, outside any transaction (autocommit_block), before it
writes the rows, so no transaction holds all of it and the column does not
show that the rows were written: no revision guard (MF301)."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.add_column("accounts", sa.Column("balance_cents", sa.BigInteger))
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_accounts_balance_cents", "accounts", ["balance_cents"], postgresql_concurrently=True
        )
    op.execute("UPDATE accounts SET balance_cents = 100 * id")


def downgrade():
    op.drop_index("ix_accounts_balance_cents", table_name="accounts")
    op.drop_column("accounts", "balance_cents")
