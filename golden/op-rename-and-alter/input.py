from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = "r0"


def upgrade():
    op.rename_table("customer", "customers")
    op.alter_column("customers", "fullname", new_column_name="full_name")
    op.alter_column(
        "customers",
        "email",
        existing_type=sa.String(100),
        type_=sa.String(255),
        nullable=False,
    )


def downgrade():
    op.alter_column("customers", "full_name", new_column_name="fullname")
    op.rename_table("customers", "customer")
