"""fees get a rate, computed from their amount

The column is given through a local name and the UPDATE is held in a
variable: both are read where they are bound. The UPDATE must not run twice:
the index made last shows that the revision ran to its end.

Revision ID: 3009
Revises: 3008
Create Date: 2023-06-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3009'
down_revision = '3008'
branch_labels = None
depends_on = None


def upgrade():
    rate = sa.Column('rate', sa.Integer(), nullable=True)
    op.add_column('fees', rate)
    fill = 'UPDATE fees SET rate = amount * 2'
    op.execute(fill)
    op.create_index('ix_fees_rate', 'fees', ['rate'])


def downgrade():
    op.drop_index('ix_fees_rate', table_name='fees')
    with op.batch_alter_table('fees') as batch_op:
        batch_op.drop_column('rate')
