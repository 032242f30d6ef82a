def _migfix_column_present(table, column, schema=None, rebuilt=None):
    """True when `column` can be dropped or changed: it exists in its table."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "drop_column/alter_column " + _migfix_named(schema, table, column)
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    if column in {c["name"] for c in inspector.get_columns(table, schema=schema)}:
        return True
    return _migfix_skip(what, "the column does not exist")
