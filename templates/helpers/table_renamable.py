def _migfix_table_renamable(table, new_table, schema=None):
    """True when `table` can be renamed: it exists and `new_table` does not."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "rename_table %s to %s" % (_migfix_named(schema, table), new_table)
    tables = inspector.get_table_names(schema=schema)
    if table not in tables:
        return _migfix_skip(what, "the table does not exist")
    if new_table in tables:
        return _migfix_skip(what, "%s exists" % new_table)
    return True
