from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
  op.add_column("t", \
    sa.Column("c", sa.Integer))
  op.drop_column("t", "old")
