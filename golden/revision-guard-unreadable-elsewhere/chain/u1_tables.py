"""accounts and audit"""
from alembic import op
import sqlalchemy as sa

revision = "u1"
down_revision = None


def upgrade():
    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True), sa.Column("at", sa.Integer))


def downgrade():
    op.drop_table("audit")
    op.drop_table("accounts")
