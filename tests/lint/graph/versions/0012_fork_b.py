"""fixture revision for migfix --lint: creates a table an ancestor made"""
from alembic import op

revision = "0012"
down_revision = "0010"


def upgrade():
    op.create_table("accounts")


def downgrade():
    op.drop_table("accounts")
