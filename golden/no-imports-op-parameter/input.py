def upgrade(op, tables, tester):
    op.drop_column("users", "legacy_flag")
