from alembic import op as migrate
import sqlalchemy as sa

revision = "d1"
down_revision = "c1"


def upgrade():
    migrate.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    migrate.drop_table("tags")
