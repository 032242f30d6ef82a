from alembic import op
import sqlalchemy as sa

QUERY = "DROP TABLE something"
users = sa.table("users", sa.column("active"))


def upgrade():
    op.execute("UPDATE users SET active = true WHERE active IS NULL")
    op.execute("INSERT INTO settings (key, value) VALUES ('theme', 'dark')")
    op.execute("DELETE FROM sessions")
    op.execute("""
        DO $$
        BEGIN
            CREATE TYPE status AS ENUM ('new', 'done');
        EXCEPTION WHEN duplicate_object THEN NULL;
        END $$;
    """)
    op.execute("CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY)")
    op.execute("CREATE OR REPLACE VIEW v AS SELECT 1")
    op.execute("ALTER SEQUENCE orders_id_seq RESTART WITH 1000")
    op.execute("ALTER TABLE users RENAME COLUMN name TO full_name")
    op.execute("CREATE INDEX ON users (email)")
    op.execute("SET LOCAL statement_timeout = '5min'")
    op.execute(QUERY)
    print(QUERY)  # used twice: a rewrite of QUERY would change this too
    op.execute(users.update().values(active=False))
