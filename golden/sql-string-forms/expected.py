from alembic import op
import sqlalchemy as sa
from sqlalchemy import text

SCHEMA = "archive"


def upgrade():
    conn = op.get_bind()
    op.execute(sa.text("create table if not exists archive.logs (id int)"))  # lower case stays lower case
    op.execute(text('DROP VIEW IF EXISTS old_logs'))
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    op.execute("CREATE TABLE IF NOT EXISTS %s.items (id int)" % SCHEMA)
    op.execute("DROP TABLE IF EXISTS {}.legacy".format(SCHEMA))
    op.execute("CREATE INDEX IF NOT EXISTS ix_items_id "
               "ON archive.items (id)")
    op.execute(r"CREATE TABLE IF NOT EXISTS archive.paths (p text DEFAULT '\\tmp')")
    conn.execute(text("""
        -- one string, three statements
        CREATE TABLE IF NOT EXISTS archive.a (id int);  /* first */
        UPDATE archive.a SET id = 1;
        Drop Table IF EXISTS archive.b
    """))
    op.get_bind().execute("create sequence if not exists archive.s")
    op.execute("ALTER TABLE \"user\" ADD COLUMN IF NOT EXISTS nickname text")
    op.execute("""\
        DROP TABLE IF EXISTS archive.tmp""")
