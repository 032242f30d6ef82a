"""tenant: its down_revision names core's c0002 (a near miss: one chain, so the two 0001 collide)"""
from alembic import op
import sqlalchemy as sa

revision = "t0002"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE projects SET id = id + 1000")
    op.create_table("settings", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("settings")
