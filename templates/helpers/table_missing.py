def _migfix_table_missing(table, schema=None):
    """True when `table` has to be created: it does not exist yet."""
    inspector = _migfix_inspector()
    return inspector is None or table not in inspector.get_table_names(schema=schema)
