"""A revision that branches on offline mode itself. The guard goes first
(after the docstring); offline its helper never skips, so `alembic upgrade
--sql` still renders the whole revision."""
from alembic import context, op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    """Audit log."""
    if context.is_offline_mode():
        op.execute("INSERT INTO accounts (id) VALUES (0)")
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("audit")
