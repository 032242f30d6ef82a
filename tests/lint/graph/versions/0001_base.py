"""fixture revision for migfix --lint"""
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("accounts")


def downgrade():
    op.drop_table("accounts")
