from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    with op.batch_alter_table("orders") as batch:
        batch.create_index(batch.f("ix_orders_placed_at"), ["placed_at"], unique=False)
        batch.create_unique_constraint("uq_orders_number", ["number"])
        batch.create_foreign_key("fk_orders_user_id", "users", ["user_id"], ["id"])
        batch.create_check_constraint("ck_orders_total", "total >= 0")
        batch.create_primary_key("pk_orders", ["id"])


def downgrade():
    with op.batch_alter_table("orders") as bo:
        bo.drop_constraint("ck_orders_total", type_="check")
        bo.drop_constraint("fk_orders_user_id", type_="foreignkey")
        bo.drop_constraint("uq_orders_number", type_="unique")
        bo.drop_index("ix_orders_placed_at")
