"""tickets and their history share one PostgreSQL enum: create_table makes
it for the first table only (SQLAlchemy remembers the names it created for
the whole `alembic upgrade`)"""
from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = None

status = sa.Enum("open", "closed", name="ticket_status")


def upgrade():
    op.create_table("tickets", sa.Column("id", sa.Integer, primary_key=True), sa.Column("status", status))
    op.create_table("ticket_history", sa.Column("id", sa.Integer, primary_key=True), sa.Column("status", status))


def downgrade():
    op.drop_table("ticket_history")
    op.drop_table("tickets")
    status.drop(op.get_bind())
