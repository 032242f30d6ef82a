"""accounts get a balance, in cents

u2 before it cannot be read whole, but it only touches audit: the column this
revision adds is still its witness, and a replay of the UPDATE is refused.
"""
from alembic import op
import sqlalchemy as sa

revision = "u3"
down_revision = "u2"


def upgrade():
    op.execute("UPDATE accounts SET id = id")
    op.add_column("accounts", sa.Column("balance", sa.Integer, server_default="0"))


def downgrade():
    op.drop_column("accounts", "balance")
