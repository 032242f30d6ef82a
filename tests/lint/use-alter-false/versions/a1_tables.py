"""users and teams, which point at each other: the foreign key to teams
is declared use_alter=False"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("teams", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_users_team", use_alter=False),
    )


def downgrade():
    op.drop_table("users")
    op.drop_table("teams")
