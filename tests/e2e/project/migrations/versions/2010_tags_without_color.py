"""tags lose their color (the UI picks one)

Revision ID: 2010
Revises: 2009
Create Date: 2022-09-20 16:05:00

"""
from alembic import op
import sqlalchemy as sa

revision = '2010'
down_revision = '2009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.drop_index('ix_tags_color')
        batch_op.drop_column('color')


def downgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.add_column(sa.Column('color', sa.String(length=7), nullable=True))
        batch_op.create_index('ix_tags_color', ['color'])
