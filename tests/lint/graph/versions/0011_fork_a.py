"""fixture revision for migfix --lint: drops and re-creates a table (no MF203), creates ledger and leaves it behind on downgrade"""
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade():
    op.drop_table("accounts")
    op.create_table("accounts")
    op.create_table("ledger")


def downgrade():
    pass
