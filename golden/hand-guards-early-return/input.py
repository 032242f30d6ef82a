"""An `if` that asks the database and returns guards what follows it in the
function, at its level or deeper, when it asks about the object the
operation makes or drops. Near misses: a check about another object (the
index's table), an `if` with an `else`, a check that is not about the
database, a return that is not the body's last statement, and a return in
a nested function are not guards."""
from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = None


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if "grace_periods" in inspector.get_table_names():
        return
    op.create_table("grace_periods", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("grace_periods") as batch_op:
        batch_op.create_index("ix_grace_periods_id", ["id"])


def add_notes():
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")}
    if "notes" in columns:
        # already there: made by create_all
        print("notes exists")
        return False
    op.add_column("users", sa.Column("notes", sa.Text))


def near_misses():
    inspector = sa.inspect(op.get_bind())
    if "a" in inspector.get_table_names():
        if bind_is_ready():
            return
        print("a exists")
    op.create_table("a", sa.Column("id", sa.Integer))
    if "b" in inspector.get_table_names():
        return
    else:
        print("b is missing")
    op.create_table("b", sa.Column("id", sa.Integer))
    if op.get_context().dialect.name != "postgresql":
        return
    op.create_table("c", sa.Column("id", sa.Integer))

    def inner():
        if "d" in inspector.get_table_names():
            return

    op.create_table("d", sa.Column("id", sa.Integer))


def downgrade():
    op.drop_table("grace_periods")
