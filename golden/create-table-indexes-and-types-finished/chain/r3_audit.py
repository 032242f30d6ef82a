from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    op.drop_index("ix_audit_who", table_name="audit")


def downgrade():
    op.create_index("ix_audit_who", "audit", ["who"])
