"""A revision with a witness of its own: the currencies table, which only it
makes, nothing drops, and its downgrade drops. Its seed must not run twice."""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    """Currencies, seeded."""
    op.create_table(
        "currencies",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("label", sa.String(40)),
    )
    op.execute("INSERT INTO currencies (code, label) VALUES ('EUR', 'Euro')")
    op.add_column("accounts", sa.Column("currency", sa.String(3)))


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("currency")
    op.drop_table("currencies")
