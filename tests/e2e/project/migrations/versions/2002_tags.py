"""tags (release 2.0, second branch, written in SQL)

Revision ID: 2002
Revises: 1104
Create Date: 2022-01-06 10:00:00

"""
from alembic import op

revision = '2002'
down_revision = '1104'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL)")
    op.execute("CREATE UNIQUE INDEX ix_tags_label ON tags (label)")


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    if _is_mysql():  # MySQL and MariaDB: DROP INDEX names its table
        op.execute("DROP INDEX ix_tags_label ON tags")
    else:
        op.execute("DROP INDEX ix_tags_label")
    op.execute("DROP TABLE tags")
