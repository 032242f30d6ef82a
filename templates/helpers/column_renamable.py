def _migfix_column_renamable(table, column, new_column, schema=None):
    """True when `column` can be renamed: it exists in its table, `new_column` does not."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    columns = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    return column in columns and new_column not in columns
