from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.create_unique_constraint(None, "users", ["tenant_id", "username"])
    op.create_foreign_key(
        "fk_orders_user_id_users", "orders", "users", ["user_id"], ["id"], ondelete="CASCADE"
    )
    op.create_foreign_key(None, "orders", "coupons", ["coupon_id"], ["id"])
    op.create_check_constraint("ck_orders_total_positive", "orders", "total >= 0")
    op.create_primary_key("pk_order_lines", "order_lines", ["order_id", "line_no"])
    op.create_exclude_constraint(
        "ex_bookings_no_overlap", "bookings", ("room_id", "="), ("during", "&&")
    )


def downgrade():
    op.drop_constraint("ex_bookings_no_overlap", "bookings")
    op.drop_constraint("pk_order_lines", "order_lines", type_="primary")
    op.drop_constraint("ck_orders_total_positive", "orders", type_="check")
    op.drop_constraint("fk_orders_user_id_users", "orders", type_="foreignkey")
    op.drop_constraint("uq_users_email", "users", type_="unique")
