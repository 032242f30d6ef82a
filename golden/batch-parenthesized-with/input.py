"""Python 3.10's parenthesized context managers: the batch block is read as
any other (pgAdmin 4 writes `with (op.batch_alter_table(...) as batch_op):`)."""
from alembic import op
import sqlalchemy as sa


def upgrade():
    with (op.batch_alter_table("server", schema=None) as batch_op):
        batch_op.add_column(sa.Column("kerberos_conn", sa.Boolean(), nullable=True))
        batch_op.alter_column("port", existing_type=sa.Integer(), nullable=False)


def downgrade():
    with (
        op.batch_alter_table("server") as batch_op
    ):
        batch_op.drop_column("kerberos_conn")
