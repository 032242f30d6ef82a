"""a revision on the contract branch: its head; it needs an expand revision
first (depends_on, as OpenStack writes it), which carries no label across"""
from alembic import op
import sqlalchemy as sa

revision = "r2_contract"
down_revision = "r1_contract"
depends_on = ("r1_expand",)


def upgrade():
    op.add_column("networks", sa.Column("contract_note", sa.Text()))


def downgrade():
    op.drop_column("networks", "contract_note")
