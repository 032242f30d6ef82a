from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("audit")
