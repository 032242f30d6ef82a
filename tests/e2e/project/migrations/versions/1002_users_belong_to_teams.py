"""users belong to teams

Revision ID: 1002
Revises: 1001
Create Date: 2021-02-02 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1002'
down_revision = '1001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_users_team_id_teams', 'teams', ['team_id'], ['id'])
    op.create_index(op.f('ix_users_team_id'), 'users', ['team_id'])


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    if _is_mysql():
        # MySQL and MariaDB keep an index under every foreign key, and
        # ix_users_team_id is this key's: it can go only once the key has gone.
        op.drop_constraint('fk_users_team_id_teams', 'users', type_='foreignkey')
        op.drop_index(op.f('ix_users_team_id'), table_name='users')
        op.drop_column('users', 'team_id')
    else:
        op.drop_index(op.f('ix_users_team_id'), table_name='users')
        with op.batch_alter_table('users') as batch_op:
            batch_op.drop_constraint('fk_users_team_id_teams', type_='foreignkey')
            batch_op.drop_column('team_id')
