from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = "a1"


def upgrade():
    op.add_column("orders", sa.Column("paid_at", sa.DateTime(), nullable=True), schema="shop")


def downgrade():
    op.drop_column("orders", "paid_at", schema="shop")
