def _migfix_index_present(index, table=None, schema=None):
    """True when index `index` can be dropped: it exists (on `table`, when given)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    tables = inspector.get_table_names(schema=schema)
    if table is not None:
        tables = [table] if table in tables else []
    return any(
        index in {i["name"] for i in inspector.get_indexes(t, schema=schema)} for t in tables
    )
