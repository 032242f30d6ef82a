"""memberships, and a view of team sizes

Revision ID: 2008
Revises: 2007
Create Date: 2022-06-02 08:15:00

"""
from alembic import op
import sqlalchemy as sa

revision = '2008'
down_revision = '2007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'memberships',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), primary_key=True),
        sa.Column('team_id', sa.Integer(), sa.ForeignKey('teams.id'), primary_key=True),
        sa.Column('role_id', sa.Integer(), sa.ForeignKey('roles.id'), nullable=False),
    )
    op.create_index('ix_memberships_team_id', 'memberships', ['team_id'])
    op.execute("""
        CREATE VIEW team_sizes AS
        SELECT team_id, count(*) AS members FROM memberships GROUP BY team_id
    """)


def _is_mysql():
    return op.get_context().dialect.name in ('mysql', 'mariadb')


def downgrade():
    op.execute("DROP VIEW team_sizes")
    # MySQL and MariaDB keep an index under every foreign key: this one is
    # team_id's and cannot be dropped before its key; it goes with the table.
    if not _is_mysql():
        op.drop_index('ix_memberships_team_id', table_name='memberships')
    op.drop_table('memberships')
