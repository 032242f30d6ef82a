"""A column whose type spans several lines: the revision guard compares it
as the column's own guard does, written on one line, in every run (the
second run reads the type inside its guard, indented further)."""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "r2"
down_revision = "r1"


def upgrade():
    sa.Enum("open", "closed", name="accountstate").create(op.get_bind())
    op.add_column(
        "accounts",
        sa.Column(
            "state",
            postgresql.ENUM(
                "open",
                "closed",
                name="accountstate",
                create_type=False,
            ),
            nullable=True,
        ),
    )
    op.execute("UPDATE accounts SET state = 'open'")


def downgrade():
    op.drop_column("accounts", "state")
    sa.Enum(name="accountstate").drop(op.get_bind())
