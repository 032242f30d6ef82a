"""a partial index on big orders, an expression index on customers' emails

SQLAlchemy 1.4 does not reflect either on SQLite, nor the expression index on
PostgreSQL. MariaDB has neither kind: the partial index is a plain one there,
and there is no expression index.

Revision ID: 5006
Revises: 5005
Create Date: 2024-03-18 13:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5006'
down_revision = '5005'
branch_labels = None
depends_on = None


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def upgrade():
    op.create_index('ix_orders_big', 'orders', ['total'],
                    sqlite_where=sa.text('total > 100'), postgresql_where=sa.text('total > 100'))
    if not _is_mysql():
        op.create_index('ix_customers_email_lower', 'customers', [sa.text('lower(email)')])


def downgrade():
    if not _is_mysql():
        op.drop_index('ix_customers_email_lower', table_name='customers')
    op.drop_index('ix_orders_big', table_name='orders')
