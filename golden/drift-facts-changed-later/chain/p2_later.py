"""Profiles grow up

Revision ID: p2
Revises: p1
"""
from alembic import op
import sqlalchemy as sa

revision = "p2"
down_revision = "p1"


def upgrade():
    op.alter_column("profiles", "age", existing_type=sa.Integer, nullable=False)
    op.drop_column("profiles", "legacy")
    op.drop_index("ix_profiles_bio", table_name="profiles")
    op.create_index("ix_profiles_bio", "profiles", ["bio"], unique=True)


def downgrade():
    op.drop_index("ix_profiles_bio", table_name="profiles")
    op.create_index("ix_profiles_bio", "profiles", ["bio"], unique=False)
    op.add_column("profiles", sa.Column("legacy", sa.Text))
    op.alter_column("profiles", "age", existing_type=sa.Integer, nullable=True)
