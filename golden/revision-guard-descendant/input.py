"""A data-only revision: it makes nothing, so it borrows the witness of its
child r3; a database with r3's table is past it."""
from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    op.execute("UPDATE accounts SET balance = balance * 100")


def downgrade():
    op.execute("UPDATE accounts SET balance = balance / 100")
