"""add_column with a ForeignKey is ADD COLUMN, then ADD CONSTRAINT. Stopped in
between (MySQL and MariaDB commit each on its own), the column is there and
its key is not: the guard passes the keys (and index=True) on, and its
helper makes a missing one. Not where a later revision changes the table's constraints (r3 drops
one of accounts'), nor for a key that is not written with literals."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"

OWNERS = "owners.id"


def upgrade():
    op.create_table("owners", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("projects", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column(
        "projects",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=True),
    )
    op.add_column("projects", sa.Column("backup_id", sa.Integer, sa.ForeignKey(OWNERS)))
    # index=True: CREATE INDEX after ADD COLUMN, finished the same way.
    op.add_column("projects", sa.Column("code", sa.String(9), index=True, unique=True))
    op.add_column("accounts", sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id")))


def downgrade():
    op.drop_column("accounts", "owner_id")
    op.drop_table("projects")
    op.drop_table("owners")
