"""orders belong to customers, through an unnamed foreign key

The column comes first and would show that the revision ran; the key after
it has no name to look for (autogenerate writes None; the database names it).

Revision ID: 5003
Revises: 5002
Create Date: 2024-02-01 11:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5003'
down_revision = '5002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('orders', sa.Column('customer_id', sa.Integer(), nullable=True))
    # SQLite cannot add a constraint to a table, and batch mode refuses an
    # unnamed one: there the column stays without its key.
    if op.get_context().dialect.name != 'sqlite':
        op.create_foreign_key(None, 'orders', 'customers', ['customer_id'], ['id'])


def downgrade():
    # The key's name is the database's choice: read it back.
    for key in sa.inspect(op.get_bind()).get_foreign_keys('orders'):
        if key['constrained_columns'] == ['customer_id'] and key['name']:
            op.drop_constraint(key['name'], 'orders', type_='foreignkey')
    with op.batch_alter_table('orders') as batch_op:
        batch_op.drop_column('customer_id')
