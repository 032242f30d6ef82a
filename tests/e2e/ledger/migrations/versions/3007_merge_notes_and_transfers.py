"""merge notes and transfers

Revision ID: 3007
Revises: 3005, 3006
Create Date: 2023-05-10 09:00:00

"""
revision = '3007'
down_revision = ('3005', '3006')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
