"""fixture revision for migfix --lint"""
from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0009"


def upgrade():
    pass


def downgrade():
    pass
