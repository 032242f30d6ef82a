from alembic import op
import sqlalchemy as sa
from sqlalchemy import text

SCHEMA = "archive"


def upgrade():
    conn = op.get_bind()
    op.execute(sa.text("create table archive.logs (id int)"))  # lower case stays lower case
    op.execute(text('DROP VIEW old_logs'))
    op.execute(f"CREATE SCHEMA {SCHEMA}")
    op.execute("CREATE TABLE %s.items (id int)" % SCHEMA)
    op.execute("DROP TABLE {}.legacy".format(SCHEMA))
    op.execute("CREATE INDEX ix_items_id "
               "ON archive.items (id)")
    op.execute(r"CREATE TABLE archive.paths (p text DEFAULT '\\tmp')")
    conn.execute(text("""
        -- one string, three statements
        CREATE TABLE archive.a (id int);  /* first */
        UPDATE archive.a SET id = 1;
        Drop Table archive.b
    """))
    op.get_bind().execute("create sequence archive.s")
    op.execute("ALTER TABLE \"user\" ADD COLUMN nickname text")
    op.execute("""\
        DROP TABLE archive.tmp""")
