def _migfix_column_present(table, column, schema=None):
    """True when `column` can be dropped or changed: it exists in its table."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    return column in {c["name"] for c in inspector.get_columns(table, schema=schema)}
