"""a revision on the contract branch: its head"""
from alembic import op
import sqlalchemy as sa

revision = "r2_contract"
down_revision = "r1_contract"


def upgrade():
    op.add_column("networks", sa.Column("contract_note", sa.Text()))


def downgrade():
    op.drop_column("networks", "contract_note")
