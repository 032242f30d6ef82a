"""tags get a color

Revision ID: 2004
Revises: 2003
Create Date: 2022-02-14 15:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '2004'
down_revision = '2003'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tags', sa.Column('color', sa.String(length=7), nullable=True))


def downgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.drop_column('color')
