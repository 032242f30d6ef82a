"""a batch block that rebuilds users on SQLite

The first guard of the upgrade's block is given the indexes the chain says
users has (rebuilt=...): a rebuild stopped after its RENAME lost them. The
downgrade's block is not: the chain knows the indexes where upgrade() runs.
"""
from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("email", type_=sa.String(120))
        batch_op.drop_column("nick")


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("nick", sa.String(40)))
        batch_op.alter_column("email", type_=sa.String(80))
