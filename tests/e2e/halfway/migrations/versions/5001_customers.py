"""customers, with their indexes declared inside create_table

Revision ID: 5001
Revises:
Create Date: 2024-01-08 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # CREATE TABLE (with email's unique constraint in it), then one CREATE
    # INDEX each for region's index=True and the sa.Index argument.
    op.create_table(
        'customers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('email', sa.String(length=120), nullable=False, unique=True),
        sa.Column('region', sa.String(length=20), nullable=False, index=True),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Index('ix_customers_name_region', 'name', 'region'),
    )


def downgrade():
    op.drop_table('customers')
