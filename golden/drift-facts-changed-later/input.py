"""Profiles: what a later revision changes is not compared as drift.

Revision ID: p1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "p1"
down_revision = None


def upgrade():
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("legacy", sa.Text),
    )
    # p2 makes it NOT NULL: compared with a database past p2, the guard would
    # call that drift, so it checks existence only.
    op.add_column("profiles", sa.Column("age", sa.Integer, nullable=True))
    # Nothing later touches it: its facts are compared, by its own guard and,
    # when the revision is skipped whole, by the revision guard.
    op.add_column("profiles", sa.Column("bio", sa.Text, nullable=True))
    # Its type is a name of this function: the revision guard, at its top,
    # compares nullability only.
    kind = sa.String(8)
    op.add_column("profiles", sa.Column("kind", kind, nullable=True))
    # Made NOT NULL further on, in this revision: not compared either.
    op.add_column("profiles", sa.Column("nick", sa.String(20), nullable=True))
    op.execute("UPDATE profiles SET nick = 'anonymous'")
    op.alter_column("profiles", "nick", existing_type=sa.String(20), nullable=False)
    # p2 drops it and makes it again, unique.
    op.create_index(op.f("ix_profiles_bio"), "profiles", ["bio"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_profiles_bio"), table_name="profiles")
    op.drop_column("profiles", "nick")
    op.drop_column("profiles", "bio")
    op.drop_column("profiles", "age")
    op.drop_table("profiles")
