"""a price per product and currency: the primary key made wider

The key is dropped by name and made again over two columns. MariaDB calls
every primary key PRIMARY (and drops it with DROP PRIMARY KEY whatever the
name); SQLite changes a key only by rebuilding the table (batch mode).

Revision ID: 5008
Revises: 5007
Create Date: 2024-04-22 16:40:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5008'
down_revision = '5007'
branch_labels = None
depends_on = None


def _dialect():
    return op.get_context().dialect.name


def upgrade():
    if _dialect() == 'sqlite':
        with op.batch_alter_table('prices') as batch_op:
            batch_op.drop_constraint('pk_prices', type_='primary')
            batch_op.create_primary_key('pk_prices', ['product_code', 'currency'])
    else:
        name = 'PRIMARY' if _dialect() in ('mysql', 'mariadb') else 'pk_prices'
        op.drop_constraint(name, 'prices', type_='primary')
        op.create_primary_key('pk_prices', 'prices', ['product_code', 'currency'])


def downgrade():
    # One price per product again: the other currencies' prices go.
    op.execute("DELETE FROM prices WHERE currency <> 'EUR'")
    if _dialect() == 'sqlite':
        with op.batch_alter_table('prices') as batch_op:
            batch_op.drop_constraint('pk_prices', type_='primary')
            batch_op.create_primary_key('pk_prices', ['product_code'])
    else:
        name = 'PRIMARY' if _dialect() in ('mysql', 'mariadb') else 'pk_prices'
        op.drop_constraint(name, 'prices', type_='primary')
        op.create_primary_key('pk_prices', 'prices', ['product_code'])
