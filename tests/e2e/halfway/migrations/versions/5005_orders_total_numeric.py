"""orders.total becomes NUMERIC, orders.placed_on goes (batch mode)

On SQLite batch mode rebuilds the table with its rows: CREATE TABLE
_alembic_tmp_orders, INSERT ... SELECT, DROP TABLE orders, ALTER TABLE ...
RENAME, CREATE INDEX. Elsewhere it is two ALTER TABLEs.

Revision ID: 5005
Revises: 5004
Create Date: 2024-03-04 08:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5005'
down_revision = '5004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders') as batch_op:
        batch_op.alter_column('total', type_=sa.Numeric(10, 2), existing_type=sa.Integer(),
                              existing_nullable=False)
        batch_op.drop_column('placed_on')


def downgrade():
    with op.batch_alter_table('orders') as batch_op:
        batch_op.add_column(sa.Column('placed_on', sa.String(length=10), nullable=True))
        batch_op.alter_column('total', type_=sa.Integer(), existing_type=sa.Numeric(10, 2),
                              existing_nullable=False)
