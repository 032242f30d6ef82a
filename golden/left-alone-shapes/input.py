from alembic import op
import sqlalchemy as sa

revision = "h1"
down_revision = "g1"


def upgrade():
    roles = op.create_table("roles", sa.Column("id", sa.Integer, primary_key=True))
    op.bulk_insert(roles, [{"id": 1}])
    op.execute("CREATE INDEX ix_roles_id ON roles (id)")


def downgrade(): op.drop_table("roles")
