"""a revision on the expand branch: its head"""
from alembic import op
import sqlalchemy as sa

revision = "r2_expand"
down_revision = "r1_expand"


def upgrade():
    op.add_column("networks", sa.Column("expand_note", sa.Text()))


def downgrade():
    op.drop_column("networks", "expand_note")
