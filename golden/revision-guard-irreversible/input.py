"""currencies, seeded; accounts get one (no way back)

The downgrade raises before it undoes anything, so a database past this
revision keeps all of it: what it makes is its witness, and the upgrade
returns at once where it already ran, instead of seeding the rows twice.
"""
from alembic import op
import sqlalchemy as sa

revision = "a2"
down_revision = "a1"


def upgrade():
    op.create_table("currencies", sa.Column("code", sa.String(3), primary_key=True))
    op.execute("INSERT INTO currencies (code) VALUES ('EUR'), ('USD')")
    op.add_column("accounts", sa.Column("currency", sa.String(3)))


def downgrade():
    raise NotImplementedError("currencies cannot be taken back")
