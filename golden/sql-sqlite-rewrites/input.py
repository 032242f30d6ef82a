from alembic import op


def upgrade():
    op.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    op.execute("CREATE INDEX ix_notes_body ON notes (body)")
    op.execute("CREATE INDEX ix_notes_id_body ON notes (id, body); CREATE UNIQUE INDEX ux_notes_body ON notes (body)")
    op.execute("CREATE VIEW long_notes AS SELECT * FROM notes WHERE length(body) > 100")
    op.execute("""
        CREATE TRIGGER notes_touch AFTER UPDATE ON notes
        BEGIN
            UPDATE notes SET body = trim(body) WHERE id = NEW.id;
        END
    """)
    op.execute("ALTER TABLE notes ADD COLUMN archived INTEGER DEFAULT 0")


def downgrade():
    op.execute("ALTER TABLE notes DROP COLUMN archived")
    op.execute("DROP TRIGGER notes_touch")
    op.execute("DROP VIEW long_notes")
    op.execute("DROP INDEX ix_notes_body")
    op.execute("DROP TABLE notes")
