"""shippers, and orders.shipper_id with an inline ForeignKey and an index

add_column runs ADD COLUMN, then ADD CONSTRAINT for the key (not on SQLite),
then CREATE INDEX.

Revision ID: 5004
Revises: 5003
Create Date: 2024-02-20 15:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5004'
down_revision = '5003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shippers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=40), nullable=False),
    )
    if op.get_context().dialect.name == 'sqlite':
        # SQLite cannot add a constraint to a table (Alembic refuses the key,
        # and batch mode an unnamed one): there the column comes without it.
        op.add_column('orders', sa.Column('shipper_id', sa.Integer(), nullable=True, index=True))
    else:
        op.add_column('orders', sa.Column('shipper_id', sa.Integer(), sa.ForeignKey('shippers.id'),
                                          nullable=True, index=True))


def downgrade():
    for key in sa.inspect(op.get_bind()).get_foreign_keys('orders'):
        if key['constrained_columns'] == ['shipper_id'] and key['name']:
            op.drop_constraint(key['name'], 'orders', type_='foreignkey')
    op.drop_index('ix_orders_shipper_id', table_name='orders')
    with op.batch_alter_table('orders') as batch_op:
        batch_op.drop_column('shipper_id')
    op.drop_table('shippers')
