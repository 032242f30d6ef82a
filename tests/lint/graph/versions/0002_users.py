"""fixture revision for migfix --lint"""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    pass


def downgrade():
    pass
