"""notes replace memos: one table made, its rows copied, the other dropped

Revision ID: 5007
Revises: 5006
Create Date: 2024-04-02 10:15:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5007'
down_revision = '5006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.String(length=200), nullable=False),
    )
    op.execute("INSERT INTO notes (id, customer_id, body) SELECT id, customer_id, body FROM memos")
    op.drop_table('memos')


def downgrade():
    op.create_table(
        'memos',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.String(length=200), nullable=False),
    )
    op.execute("INSERT INTO memos (id, customer_id, body) SELECT id, customer_id, body FROM notes")
    op.drop_table('notes')
