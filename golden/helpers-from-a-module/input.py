from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column("accounts", sa.Column("locale", sa.String(8)))
    op.create_index("ix_accounts_locale", "accounts", ["locale"])
