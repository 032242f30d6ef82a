"""the key create_table did not make where the database has ALTER"""
from alembic import op

revision = "a2"
down_revision = "a1"


def upgrade():
    op.create_foreign_key("fk_users_team", "users", "teams", ["team_id"], ["id"])


def downgrade():
    op.drop_constraint("fk_users_team", "users", type_="foreignkey")
