"""the expand branch starts here, labelled with a name the CLI defines"""
from alembic import op
import sqlalchemy as sa

from neutron.db.migration import cli

revision = "r1_expand"
down_revision = "r0"
branch_labels = (cli.EXPAND_BRANCH,)


def upgrade():
    pass


def downgrade():
    pass
