from alembic import op


def upgrade():
    op.execute("CREATE SEQUENCE invoice_numbers")
    op.execute("CREATE TABLE invoices (id INT PRIMARY KEY, number INT)")
    op.execute("CREATE INDEX ix_invoices_number ON invoices (number)")
    op.execute("ALTER TABLE invoices ADD COLUMN paid_at DATETIME")


def downgrade():
    op.execute("ALTER TABLE invoices DROP COLUMN paid_at")
    op.execute("DROP INDEX ix_invoices_number ON invoices")
    op.execute("DROP TABLE invoices")
    op.execute("DROP SEQUENCE invoice_numbers")
