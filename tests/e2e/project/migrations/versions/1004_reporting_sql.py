"""an index and a data fix, in SQL

Revision ID: 1004
Revises: 1003
Create Date: 2021-04-01 08:00:00

"""
from alembic import op

revision = '1004'
down_revision = '1003'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX ix_users_fullname ON users (fullname)")
    op.execute("UPDATE teams SET name = trim(name)")


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    if _is_mysql():  # MySQL and MariaDB: DROP INDEX names its table
        op.execute("DROP INDEX ix_users_fullname ON users")
    else:
        op.execute("DROP INDEX ix_users_fullname")
