"""Data written by SQL that functions of the file only return, in batches
(as Prefect writes them), and a step bound with .params(...): read as rows,
so the revision keeps its own witness, the index it makes last."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def number_batch(size):
    return f"UPDATE accounts SET rank = id WHERE rank IS NULL AND id <= {size}"


def clear_batch(size):
    """Accounts with no owner lose their rank."""
    return f"UPDATE accounts SET rank = NULL WHERE owner IS NULL AND id <= {size}"


def upgrade():
    op.add_column("accounts", sa.Column("rank", sa.Integer(), nullable=True))
    bind = op.get_bind()
    for statement in [number_batch, clear_batch]:
        bind.execute(sa.text(statement(1000)))
    bind.execute(sa.text("UPDATE accounts SET rank = rank * :step").params(step=10))
    op.create_index("ix_accounts_rank", "accounts", ["rank"])


def downgrade():
    op.drop_index("ix_accounts_rank", table_name="accounts")
    op.drop_column("accounts", "rank")
