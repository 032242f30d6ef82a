"""currencies, seeded

Revision ID: 3002
Revises: 3001
Create Date: 2023-02-14 10:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3002'
down_revision = '3001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'currencies',
        sa.Column('code', sa.String(length=3), nullable=False),
        sa.Column('label', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('code'),
    )
    op.execute("INSERT INTO currencies (code, label) VALUES ('EUR', 'Euro'), ('USD', 'Dollar')")


def downgrade():
    op.drop_table('currencies')
