from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=True))
        batch_op.alter_column("fullname", new_column_name="full_name")
        batch_op.alter_column("email", existing_type=sa.String(100), nullable=False)
        batch_op.drop_column("legacy_flag")
