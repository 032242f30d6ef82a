def _migfix_column_missing(table, column, schema=None):
    """True when `column` has to be added: its table exists, the column does not."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    return column not in {c["name"] for c in inspector.get_columns(table, schema=schema)}
