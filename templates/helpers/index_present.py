def _migfix_index_present(index, table=None, schema=None, rebuilt=None):
    """True when index `index` can be dropped: it exists (on `table`, when given)."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    tables = inspector.get_table_names(schema=schema)
    if table is not None:
        tables = [table] if table in tables else []
    if any(_migfix_index_catalog(inspector, index, t, schema) is not None for t in tables):
        return True
    where = " on " + _migfix_named(schema, table) if table is not None else ""
    return _migfix_skip("drop_index %s%s" % (index, where), "no index of that name")
