"""Seeds right after a create_table go under its guard: bulk_insert of a
lightweight table, an insert() built on one, a raw INSERT. What follows and
is not a seed of that table stays where it is."""
from alembic import op
import sqlalchemy as sa

revision = "s1"
down_revision = None

statuses = sa.table("statuses", sa.column("id", sa.Integer), sa.column("label", sa.String))


def upgrade():
    op.create_table(
        "statuses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(20)),
    )
    op.bulk_insert(statuses, [{"id": 1, "label": "new"}])
    op.execute(statuses.insert().values(id=2, label="done"))
    op.execute("INSERT INTO statuses (id, label) VALUES (3, 'gone');")
    op.execute("INSERT INTO audit (what) VALUES ('statuses seeded')")
    op.create_table("kinds", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO kinds (id) VALUES (1); DELETE FROM statuses")


def downgrade():
    op.drop_table("kinds")
    op.drop_table("statuses")
