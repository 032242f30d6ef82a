"""fixture revision for migfix --lint"""
from alembic import op

revision = "0010"
down_revision = ("0005", "0008")


def upgrade():
    pass


def downgrade():
    pass
