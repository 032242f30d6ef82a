"""rename fullname to display_name, require it

Revision ID: 1102
Revises: 1101
Create Date: 2021-07-07 16:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1102'
down_revision = '1101'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_users_fullname', table_name='users')
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('fullname', new_column_name='display_name',
                              existing_type=sa.String(length=120), nullable=False)


def downgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('display_name', new_column_name='fullname',
                              existing_type=sa.String(length=120), nullable=True)
    op.create_index('ix_users_fullname', 'users', ['fullname'])
