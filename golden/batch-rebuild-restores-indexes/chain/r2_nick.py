"""the nick index goes: a rebuild after this must not make it again"""
from alembic import op

revision = "r2"
down_revision = "r1"


def upgrade():
    op.drop_index("ix_users_nick", table_name="users")


def downgrade():
    op.create_index("ix_users_nick", "users", ["nick"])
