from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

mood = postgresql.ENUM("happy", "sad", name="mood")


def upgrade():
    op.execute("CREATE EXTENSION \"uuid-ossp\"")
    op.execute("CREATE SCHEMA audit")
    op.execute("CREATE SEQUENCE audit.event_seq")
    op.execute("CREATE TABLE audit.events (id bigint PRIMARY KEY, at timestamptz)")
    op.execute("CREATE UNIQUE INDEX CONCURRENTLY ix_events_at ON audit.events (at)")
    op.execute("ALTER TABLE audit.events ADD COLUMN actor text, ADD note text")
    op.execute("CREATE INDEX ix_events_actor ON audit.events (actor); CREATE INDEX ix_events_note ON audit.events (note)")
    op.execute("CREATE VIEW audit.recent AS SELECT * FROM audit.events")
    op.execute("""
        CREATE FUNCTION audit.touch() RETURNS trigger AS $$
        BEGIN NEW.at = now(); RETURN NEW; END;
        $$ LANGUAGE plpgsql
    """)
    op.execute("ALTER TYPE mood ADD VALUE 'calm'")
    mood.create(op.get_bind())
    op.execute("CREATE TYPE audit.level AS ENUM ('low', 'high')")
    op.execute("ALTER TABLE audit.events ADD CONSTRAINT uq_events_actor UNIQUE (actor)")
    op.execute(
        "CREATE TRIGGER trg_touch BEFORE UPDATE ON audit.events "
        "FOR EACH ROW EXECUTE FUNCTION audit.touch()"
    )


def downgrade():
    op.execute("DROP TRIGGER trg_touch ON audit.events")
    op.execute("ALTER TABLE audit.events DROP CONSTRAINT uq_events_actor")
    op.execute("DROP TYPE audit.level")
    mood.drop(op.get_bind())
    op.execute("DROP FUNCTION audit.touch()")
    op.execute("DROP VIEW audit.recent")
    op.execute("ALTER TABLE audit.events DROP COLUMN note, DROP COLUMN actor")
    op.execute("DROP INDEX CONCURRENTLY audit.ix_events_at")
    op.execute("DROP TABLE audit.events")
    op.execute("DROP SEQUENCE audit.event_seq")
    op.execute("DROP SCHEMA audit")
    op.execute("DROP EXTENSION \"uuid-ossp\"")
