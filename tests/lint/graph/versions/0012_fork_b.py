"""fixture revision for migfix --lint"""
from alembic import op

revision = "0012"
down_revision = "0010"


def upgrade():
    pass


def downgrade():
    pass
