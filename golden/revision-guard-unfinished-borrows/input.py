"""A revision whose last statement no check can see: an unnamed foreign key
after the column that is its witness. The column shows that it started, not
that it finished, so it borrows the witness of r3, which cannot have started
before r2 finished."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.create_table("owners", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("accounts", sa.Column("owner_id", sa.Integer))
    op.execute("UPDATE accounts SET owner_id = 1")
    op.create_foreign_key(None, "accounts", "owners", ["owner_id"], ["id"])


def downgrade():
    op.drop_constraint("accounts_owner_id_fkey", "accounts", type_="foreignkey")
    op.drop_column("accounts", "owner_id")
    op.drop_table("owners")
