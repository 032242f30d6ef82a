"""amounts in cents; accounts get a status: an ENUM on PostgreSQL, a string elsewhere

Both branches add the same column as their last statement, so whichever
ran, a database with it has all of this revision: it is the revision's
witness, and the amounts are not multiplied twice. A column only one
branch adds, or one added under an `if` without `else`, proves nothing.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "a2"
down_revision = "a1"

status = postgresql.ENUM("active", "closed", name="account_status", create_type=False)


def upgrade():
    op.execute("UPDATE accounts SET amount = amount * 100")
    if op.get_context().dialect.name == "postgresql":
        status.create(op.get_bind())
        op.add_column("accounts", sa.Column("status", status, nullable=True))
    else:
        # SQLite and MySQL: a plain string.
        op.add_column("accounts", sa.Column("status", sa.String(16), nullable=True))


def downgrade():
    op.drop_column("accounts", "status")
    if op.get_context().dialect.name == "postgresql":
        status.drop(op.get_bind())
    op.execute("UPDATE accounts SET amount = amount / 100")
