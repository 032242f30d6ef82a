"""tenant: each tenant schema's first revision (the same id as core's: another environment)"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("projects", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("projects")
