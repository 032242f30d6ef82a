"""Seeds through the migration's connection go under the table's guard, with
what only builds their table object or rows in between: a replay that finds
the table does not insert its one row again. A table object that is used
after its seed stays where it is (the guard would leave it unbound), and so
do its table's seeds."""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import sql

revision = "s2"
down_revision = None


def upgrade():
    bind = op.get_bind()
    op.create_table(
        "settings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("active", sa.Boolean),
    )
    settings = sql.table("settings", sql.column("id"), sql.column("active"))
    rows = [{"id": 1, "active": True}]
    bind.execute(settings.insert(), rows)
    bind.execute(sa.text("INSERT INTO settings (id, active) VALUES (2, false)"))

    op.create_table("kinds", sa.Column("id", sa.Integer, primary_key=True))
    kinds = sql.table("kinds", sql.column("id"))
    bind.execute(kinds.insert().values(id=1))
    bind.execute(kinds.update().values(id=2))


def downgrade():
    op.drop_table("kinds")
    op.drop_table("settings")
