from alembic import op


def upgrade():
    op.execute("CREATE SEQUENCE invoice_numbers")
    op.execute("CREATE TABLE invoices (id INT PRIMARY KEY, number INT)")
    op.execute("CREATE INDEX ix_invoices_number ON invoices (number)")
    op.execute("ALTER TABLE invoices ADD COLUMN paid_at DATETIME")
    op.execute("ALTER TABLE invoices ADD COLUMN due_at DATETIME, ADD COLUMN note TEXT")
    op.execute("CREATE INDEX ix_a ON invoices (due_at); CREATE INDEX ix_b ON invoices (note)")


def downgrade():
    op.execute("ALTER TABLE invoices DROP COLUMN paid_at")
    op.execute("DROP INDEX ix_invoices_number ON invoices")
    op.execute("DROP TABLE invoices")
    op.execute("DROP SEQUENCE invoice_numbers")
