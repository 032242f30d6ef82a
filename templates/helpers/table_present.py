def _migfix_table_present(table, schema=None):
    """True when `table` can be dropped: it exists."""
    inspector = _migfix_inspector()
    if inspector is None or table in inspector.get_table_names(schema=schema):
        return True
    return _migfix_skip("drop_table " + _migfix_named(schema, table), "the table does not exist")
