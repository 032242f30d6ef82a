"""fixture revision for migfix --lint: creates a table an ancestor made; renames a column"""
from alembic import op

revision = "0012"
down_revision = "0010"


def upgrade():
    op.create_table("accounts")
    op.alter_column("audit", "who", new_column_name="actor")


def downgrade():
    op.alter_column("audit", "actor", new_column_name="who")
    op.drop_table("accounts")
