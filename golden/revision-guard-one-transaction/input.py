"""The last revision of its chain: a column, then rows written into it.
The column shows that the revision started; where the whole upgrade runs in
one transaction (PostgreSQL: transactional DDL, and Alembic opens one), that
it ran whole. The guard says so first, and the helper checks it at run
time; on MySQL, MariaDB and SQLite it is not skipped."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.add_column("accounts", sa.Column("balance_cents", sa.BigInteger))
    op.execute("UPDATE accounts SET balance_cents = 100 * id")


def downgrade():
    op.drop_column("accounts", "balance_cents")
