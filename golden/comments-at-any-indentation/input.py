"""Comments need not follow the indentation of the block they sit in.

Revision ID: 7c1d0e2f3a4b
Revises: 6b0c9d1e2f3a
"""
from alembic import op
import sqlalchemy as sa

revision = "7c1d0e2f3a4b"
down_revision = "6b0c9d1e2f3a"


def upgrade():
    op.add_column("accounts", sa.Column("locale", sa.String(8)))
# TODO(ops): backfill locale from the profile service first
    op.create_index("ix_accounts_locale", "accounts", ["locale"])
        # an over-indented note, still a comment
    op.add_column("accounts", sa.Column("timezone", sa.String(40)))


def downgrade():
    op.drop_column("accounts", "timezone")
  # two-space comment between statements
    op.drop_index("ix_accounts_locale", table_name="accounts")
    op.drop_column("accounts", "locale")
