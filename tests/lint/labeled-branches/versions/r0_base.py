"""base: before the expand/contract branches"""
from alembic import op
import sqlalchemy as sa

revision = "r0"
down_revision = None


def upgrade():
    op.create_table("networks", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("networks")
