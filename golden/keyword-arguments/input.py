from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = "b1"


def upgrade():
    op.add_column(table_name="users", column=sa.Column("nickname", sa.String(40)))


def downgrade():
    op.drop_column(table_name="users", column_name="nickname")
