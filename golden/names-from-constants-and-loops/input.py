from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = "d1"

AUDIT_TABLES = ["users", "orders"]


def upgrade():
    for table in AUDIT_TABLES:
        op.add_column(table, sa.Column(f"{table}_audited_at", sa.DateTime()))


def downgrade():
    for table in AUDIT_TABLES:
        op.drop_column(table, f"{table}_audited_at")
