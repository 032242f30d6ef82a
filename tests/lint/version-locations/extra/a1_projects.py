"""projects"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("projects", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("projects")
