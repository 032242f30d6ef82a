"""release 2.0 marker (no schema change)

Revision ID: f9a0d3c5b7e8
Revises: e2b8f4a61c07
Create Date: 2023-06-30 17:00:00.000000

"""


# revision identifiers, used by Alembic.
revision = 'f9a0d3c5b7e8'
down_revision = 'e2b8f4a61c07'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
