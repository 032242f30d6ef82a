"""merge projects and tags

Revision ID: 2003
Revises: 2001, 2002
Create Date: 2022-01-10 12:00:00

"""
revision = '2003'
down_revision = ('2001', '2002')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
