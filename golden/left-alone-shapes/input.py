from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.drop_table(next(iter_names))  # a call may have side effects
    op.create_check_constraint(None, "orders", "total >= 0")
    op.drop_constraint(None, "orders", type_="unique")
    op.execute("UPDATE orders SET total = 0 WHERE total IS NULL")
    op.bulk_insert(existing_table, [{"id": 1}])
    op.create_table_comment("orders", "All orders")
    register(lambda: op.drop_table("audit"))
    archive = op.create_table("archive", sa.Column("id", sa.Integer))
    print(archive.name)
    op.drop_table("legacy")  # migfix: ignore
