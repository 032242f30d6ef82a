"""merge heads

Revision ID: 9f9f9f9f9f9f
Revises: aaaa, bbbb
Create Date: 2022-02-02 02:02:02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f9f9f9f9f9f'
down_revision = ('aaaa', 'bbbb')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
