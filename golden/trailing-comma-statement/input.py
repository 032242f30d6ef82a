from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.add_column("t", sa.Column("a", sa.Integer)),


def downgrade():
    op.drop_column("t", "a"),
