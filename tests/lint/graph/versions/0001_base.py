"""fixture revision for migfix --lint"""
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    pass


def downgrade():
    pass
