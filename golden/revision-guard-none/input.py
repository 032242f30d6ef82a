"""No witness here or after (the head only writes rows): a guard an earlier
run wrote is taken away, and nothing else changes (MF301 says why)."""
from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    if _migfix_revision_applied([], any_of=[("table", None, "transfers")]):
        return
    op.execute("UPDATE accounts SET balance = balance * 100")


def downgrade():
    op.execute("UPDATE accounts SET balance = balance / 100")
