from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.add_column("t", sa.Column("a", sa.Integer)); op.add_column("t", sa.Column("b", sa.Integer))
    log("added"); op.drop_column("t", "legacy");  # clean up
