"""Every call on op is accounted for: extensions migfix knows get their
status, anything else is left alone with a reason, and Alembic's helpers
(op.f, op.get_bind, op.invoke, ...) are not operations at all."""
from alembic import op
import sqlalchemy as sa
from alembic_utils.pg_view import PGView

revision = "u1"
down_revision = None

report_view = PGView(schema="public", signature="report", definition="SELECT 1")


def upgrade():
    op.sync_enum_values("public", "status", ["new", "done"], [("tasks", "status")])
    op.replace_entity(report_view)
    op.create_entity(report_view)
    op.run_custom_step("vacuum everything")
    bind = op.get_bind()
    op.create_index(op.f("ix_t_a"), "t", ["a"])
    with op.batch_alter_table("t") as batch_op:
        batch_op.do_something_else()


def downgrade():
    op.drop_entity(report_view)
    op.drop_index(op.f("ix_t_a"), table_name="t")
