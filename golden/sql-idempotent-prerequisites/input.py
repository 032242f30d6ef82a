"""Raw SQL that already says IF [NOT] EXISTS is still checked first when it
needs something: IF NOT EXISTS looks at the index (or column), not at the
table and columns it needs, which a later migration may have dropped."""
from alembic import op
import sqlalchemy as sa

revision = "q1"
down_revision = None


def upgrade():
    op.execute("CREATE INDEX IF NOT EXISTS ix_events_user_id ON events(user_id)")
    bind = op.get_bind()
    bind.execute(sa.text("ALTER TABLE events ADD COLUMN IF NOT EXISTS source text"))
    op.execute("ALTER TABLE events DROP CONSTRAINT IF EXISTS fk_events_user")


def downgrade():
    op.execute("ALTER TABLE events DROP COLUMN IF EXISTS source")
    op.execute("DROP INDEX IF EXISTS ix_events_user_id")
