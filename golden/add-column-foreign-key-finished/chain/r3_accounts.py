from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    op.drop_constraint("accounts_owner_id_fkey", "accounts", type_="foreignkey")


def downgrade():
    op.create_foreign_key("accounts_owner_id_fkey", "accounts", "owners", ["owner_id"], ["id"])
