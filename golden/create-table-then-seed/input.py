from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    statuses = op.create_table(
        "statuses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(20)),
    )
    op.bulk_insert(
        statuses,
        [{"id": 1, "label": "new"}, {"id": 2, "label": "done"}],
    )


def downgrade():
    op.drop_table("statuses")
