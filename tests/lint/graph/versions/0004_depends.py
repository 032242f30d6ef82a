"""fixture revision for migfix --lint"""
from alembic import op

revision = "0004"
down_revision = "0002"
depends_on = ("0001", "reports")


def upgrade():
    pass


def downgrade():
    pass
