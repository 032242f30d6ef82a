"""fixture revision for migfix --lint"""
from alembic import op

revision = "0006"
down_revision = "0007"


def upgrade():
    pass


def downgrade():
    pass
