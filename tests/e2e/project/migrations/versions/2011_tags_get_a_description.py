"""tags get a description, where the tags table exists

Written the way many hand-made migrations are: the check asks whether the
table is there (an app that creates its tables with create_all at start-up
may not have it yet), not whether the column is. On a database where
create_all already made the table with its current columns, the add_column
fails all the same, so migfix guards it under the hand check.

Revision ID: 2011
Revises: 2010
Create Date: 2022-10-03 09:40:00

"""
from alembic import context, op
import sqlalchemy as sa

revision = '2011'
down_revision = '2010'
branch_labels = None
depends_on = None


def upgrade():
    # Offline (upgrade --sql) there is no database to inspect: render it all.
    if context.is_offline_mode() or 'tags' in sa.inspect(op.get_bind()).get_table_names():
        op.add_column('tags', sa.Column('description', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.drop_column('description')
