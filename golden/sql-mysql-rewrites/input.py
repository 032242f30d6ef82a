from alembic import op


def upgrade():
    op.execute("CREATE DATABASE reporting")
    op.execute("CREATE TABLE reporting.daily (day DATE PRIMARY KEY, total INT)")
    op.execute("CREATE INDEX ix_daily_total ON reporting.daily (total)")
    op.execute("CREATE INDEX ix_a ON reporting.daily (day); CREATE TABLE reporting.notes (id INT)")
    op.execute("CREATE VIEW reporting.recent AS SELECT * FROM reporting.daily")
    op.execute("ALTER TABLE reporting.daily ADD COLUMN note VARCHAR(200)")


def downgrade():
    op.execute("ALTER TABLE reporting.daily DROP COLUMN note")
    op.execute("DROP VIEW reporting.recent")
    op.execute("DROP INDEX ix_daily_total ON reporting.daily")
    op.execute("DROP TABLE reporting.daily")
    op.execute("DROP DATABASE reporting")
