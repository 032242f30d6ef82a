"""the contract branch starts here, labelled with a name the CLI defines"""
from alembic import op
import sqlalchemy as sa

from neutron.db.migration import cli

revision = "r1_contract"
down_revision = "r0"
branch_labels = (cli.CONTRACT_BRANCH,)


def upgrade():
    pass


def downgrade():
    pass
