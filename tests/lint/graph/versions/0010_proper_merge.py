"""fixture revision for migfix --lint: a proper merge; creates audit with two columns"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = ("0005", "0008")


def upgrade():
    op.create_table("audit", sa.Column("id", sa.Integer()), sa.Column("who", sa.Text()))


def downgrade():
    op.drop_table("audit")
