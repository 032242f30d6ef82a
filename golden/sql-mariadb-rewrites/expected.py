from alembic import op


def upgrade():
    op.execute("CREATE SEQUENCE IF NOT EXISTS invoice_numbers")
    op.execute("CREATE TABLE IF NOT EXISTS invoices (id INT PRIMARY KEY, number INT)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_invoices_number ON invoices (number)")
    op.execute("ALTER TABLE invoices ADD COLUMN IF NOT EXISTS paid_at DATETIME")


def downgrade():
    op.execute("ALTER TABLE invoices DROP COLUMN IF EXISTS paid_at")
    op.execute("DROP INDEX IF EXISTS ix_invoices_number ON invoices")
    op.execute("DROP TABLE IF EXISTS invoices")
    op.execute("DROP SEQUENCE IF EXISTS invoice_numbers")
