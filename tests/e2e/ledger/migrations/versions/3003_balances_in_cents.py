"""balances in cents

Revision ID: 3003
Revises: 3002
Create Date: 2023-03-01 08:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3003'
down_revision = '3002'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE accounts SET balance = balance * 100")


def downgrade():
    op.execute("UPDATE accounts SET balance = balance / 100")
