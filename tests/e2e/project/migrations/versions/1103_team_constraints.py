"""team constraints

Revision ID: 1103
Revises: 1102
Create Date: 2021-08-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1103'
down_revision = '1102'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teams') as batch_op:
        batch_op.create_unique_constraint('uq_teams_name', ['name'])
        batch_op.create_check_constraint('ck_teams_name_not_empty', "name <> ''")


def downgrade():
    with op.batch_alter_table('teams') as batch_op:
        batch_op.drop_constraint('ck_teams_name_not_empty', type_='check')
        batch_op.drop_constraint('uq_teams_name', type_='unique')
