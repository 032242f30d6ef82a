"""users, with the kinds of index a batch rebuild makes again last"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(80)),
        sa.Column("nick", sa.String(40)),
        sa.Column("team", sa.Integer),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)
    op.create_index("ix_users_nick", "users", ["nick"])
    op.execute("CREATE INDEX ix_users_lower_email ON users (lower(email))")
    op.add_column("users", sa.Column("org_id", sa.Integer, index=True))
    # Partial on SQLite: migfix would make it whole, so it is left out.
    op.create_index("ix_users_team", "users", ["team"], sqlite_where=sa.text("team > 0"))


def downgrade():
    op.drop_table("users")
