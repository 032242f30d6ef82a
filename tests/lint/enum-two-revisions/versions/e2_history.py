"""ticket history, which declares the same enum again: made once when both
revisions run in one `alembic upgrade`, DuplicateObject when they do not"""
from alembic import op
import sqlalchemy as sa

revision = "e2"
down_revision = "e1"


def upgrade():
    op.create_table("ticket_history", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("status", sa.Enum("open", "closed", name="ticket_status")))


def downgrade():
    op.drop_table("ticket_history")
