"""Hand-written existence checks that read a local name bound to what an
inspector said are already guards: no second guard around them. A name
bound to anything else is not one."""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.engine.reflection import Inspector

revision = "h1"
down_revision = None


def upgrade():
    bind = op.get_bind()
    inspector = Inspector.from_engine(bind)
    names = inspector.get_table_names()
    if "audit" not in names:
        op.create_table("audit", sa.Column("id", sa.Integer, primary_key=True))
    existing = {ix["name"] for ix in inspector.get_indexes("audit")}
    if "ix_audit_id" not in existing:
        op.create_index("ix_audit_id", "audit", ["id"])
    insp = sa.inspect(bind)
    found = insp.get_indexes("audit")
    if not "ix_audit_created" in [i["name"] for i in found]:
        op.create_index("ix_audit_created", "audit", ["created"])
    wanted = ["notes"]
    if "notes" in wanted:
        op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("notes")
    op.drop_table("audit")
