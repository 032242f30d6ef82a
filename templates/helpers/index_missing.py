def _migfix_index_missing(index, table, columns, schema=None, batch=False):
    """True when index `index` has to be created: its table and its named columns
    exist (in a batch, columns the batch adds count too), and there is no index
    of that name (or, unnamed, over exactly those columns)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    columns = [columns] if isinstance(columns, str) else list(columns)
    for existing in inspector.get_indexes(table, schema=schema):
        if index is not None and existing["name"] == index:
            return False
        if index is None and list(existing["column_names"]) == columns:
            return False
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    return all(c in have for c in columns if isinstance(c, str))
