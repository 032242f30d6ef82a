def _migfix_column_renamable(table, column, new_column, schema=None, rebuilt=None):
    """True when `column` can be renamed: it exists in its table, `new_column` does not."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "alter_column %s to %s" % (_migfix_named(schema, table, column), new_column)
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    columns = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    if column not in columns:
        return _migfix_skip(what, "the column does not exist")
    if new_column in columns:
        return _migfix_skip(what, "%s exists" % new_column)
    return True
