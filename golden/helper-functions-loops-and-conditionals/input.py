from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def _add_audit_columns(table):
    op.add_column(table, sa.Column("created_at", sa.DateTime()))

    def _index():
        op.create_index(f"ix_{table}_created_at", table, ["created_at"])

    _index()


def upgrade():
    for table in ("users", "orders"):
        _add_audit_columns(table)
    if op.get_context().dialect.name == "postgresql":
        op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])
    else:
        op.create_index("ix_users_email", "users", ["email"])
    with op.get_context().autocommit_block():
        op.drop_index("ix_orders_legacy", table_name="orders")
