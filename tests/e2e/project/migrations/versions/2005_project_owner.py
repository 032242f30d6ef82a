"""project owner is a user

Revision ID: 2005
Revises: 2004
Create Date: 2022-03-01 09:45:00

"""
from alembic import op

revision = '2005'
down_revision = '2004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('projects') as batch_op:
        batch_op.create_foreign_key('fk_projects_owner_id_users', 'users', ['owner_id'], ['id'])


def downgrade():
    with op.batch_alter_table('projects') as batch_op:
        batch_op.drop_constraint('fk_projects_owner_id_users', type_='foreignkey')
