"""an index on tags.color, written as raw SQL that already says IF NOT
EXISTS (2010 drops the column again: a replay must not need it)

Revision ID: 2009
Revises: 2008
Create Date: 2022-07-11 10:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '2009'
down_revision = '2008'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX IF NOT EXISTS ix_tags_color ON tags (color)")


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    if _is_mysql():  # MySQL and MariaDB: DROP INDEX names its table
        op.execute("DROP INDEX IF EXISTS ix_tags_color ON tags")
    else:
        op.execute("DROP INDEX IF EXISTS ix_tags_color")
