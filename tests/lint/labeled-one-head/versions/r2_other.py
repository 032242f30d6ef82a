"""a second head from the base, with no branch label: a fork to merge"""
from alembic import op
import sqlalchemy as sa

revision = "r2_other"
down_revision = "r0"


def upgrade():
    op.add_column("networks", sa.Column("other_note", sa.Text()))


def downgrade():
    op.drop_column("networks", "other_note")
