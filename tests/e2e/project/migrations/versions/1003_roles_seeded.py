"""roles, seeded

Revision ID: 1003
Revises: 1002
Create Date: 2021-03-15 14:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1003'
down_revision = '1002'
branch_labels = None
depends_on = None


def upgrade():
    roles = op.create_table(
        'roles',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=40), nullable=False),
    )
    op.bulk_insert(roles, [
        {'id': 1, 'name': 'member'},
        {'id': 2, 'name': 'admin'},
    ])


def downgrade():
    op.drop_table('roles')
