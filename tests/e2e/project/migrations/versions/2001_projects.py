"""projects (release 2.0, first branch)

Revision ID: 2001
Revises: 1104
Create Date: 2022-01-05 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '2001'
down_revision = '1104'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'projects',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
    )
    op.create_index(op.f('ix_projects_title'), 'projects', ['title'])


def downgrade():
    op.drop_index(op.f('ix_projects_title'), table_name='projects')
    op.drop_table('projects')
