"""fixture revision for migfix --lint"""
from alembic import op

revision = "0005"
down_revision = ("0001", "0004")


def upgrade():
    pass


def downgrade():
    pass
