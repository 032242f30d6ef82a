"""fixture revision for migfix --lint"""
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade():
    pass


def downgrade():
    pass
