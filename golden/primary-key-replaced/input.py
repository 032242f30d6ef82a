"""A primary key widened: dropped, then made again over more columns. Checked
one by one, a batch (which runs both when its block ends) would see the old
key and skip the create, and a re-run on a database with the wide key would
drop it. Each guard is told of the other: the drop is done once the key is
over the new columns; the create goes ahead over the key the drop removes."""
from alembic import op
import sqlalchemy as sa

revision = "k1"
down_revision = None


def upgrade():
    with op.batch_alter_table("prices") as batch_op:
        batch_op.drop_constraint("pk_prices", type_="primary")
        batch_op.create_primary_key("pk_prices", ["product_code", "currency"])
    op.drop_constraint("pk_rates", "rates", type_="primary")
    op.create_primary_key("pk_rates", "rates", ["day", "currency"])
    # Not a pair: another table's key.
    op.drop_constraint("pk_fees", "fees", type_="primary")
    op.create_primary_key("pk_taxes", "taxes", ["code"])
