"""fixture revision for migfix --lint"""
from alembic import op

revision = "0008"
down_revision = "0002"
depends_on = "gone"  # migfix: ignore[MF102]
branch_labels = ("reports",)


def upgrade():
    pass


def downgrade():
    pass
