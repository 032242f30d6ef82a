def _migfix_table_present(table, schema=None):
    """True when `table` can be dropped: it exists."""
    inspector = _migfix_inspector()
    return inspector is None or table in inspector.get_table_names(schema=schema)
