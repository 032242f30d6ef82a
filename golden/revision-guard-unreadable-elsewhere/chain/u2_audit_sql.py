"""audit.at becomes a bigint, in SQL migfix does not follow"""
from alembic import op

revision = "u2"
down_revision = "u1"


def upgrade():
    op.execute("ALTER TABLE audit ALTER COLUMN at TYPE bigint")


def downgrade():
    op.execute("ALTER TABLE audit ALTER COLUMN at TYPE integer")
