"""tickets, with a PostgreSQL enum create_table makes"""
from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = None


def upgrade():
    op.create_table("tickets", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("status", sa.Enum("open", "closed", name="ticket_status")))


def downgrade():
    op.drop_table("tickets")
    sa.Enum(name="ticket_status").drop(op.get_bind())
