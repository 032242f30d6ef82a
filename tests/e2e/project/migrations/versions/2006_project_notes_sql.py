"""project notes column, in SQL

Revision ID: 2006
Revises: 2005
Create Date: 2022-04-20 17:00:00

"""
from alembic import op

revision = '2006'
down_revision = '2005'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE projects ADD COLUMN notes TEXT")


def downgrade():
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_column('notes')
