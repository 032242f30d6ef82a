from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade(): op.create_table("t", sa.Column("id", sa.Integer))


def downgrade():
    if has_data(): op.drop_table("t_backup")
    else: op.drop_table("t")
