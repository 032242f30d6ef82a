"""create accounts

Revision ID: 3001
Revises:
Create Date: 2023-02-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('balance', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('accounts')
