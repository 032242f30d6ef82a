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


def downgrade():
    op.execute("DROP INDEX ix_users_fullname")
