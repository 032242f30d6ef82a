def _migfix_table_renamable(table, new_table, schema=None):
    """True when `table` can be renamed: it exists and `new_table` does not."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    tables = inspector.get_table_names(schema=schema)
    return table in tables and new_table not in tables
