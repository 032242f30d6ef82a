def _migfix_index_missing(index, table, columns, schema=None, batch=False):
    """True when index `index` has to be created: its table and its named columns
    exist (in a batch, columns the batch adds count too), the index does not."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    if index in {i["name"] for i in inspector.get_indexes(table, schema=schema)}:
        return False
    if batch:
        return True
    existing = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    columns = [columns] if isinstance(columns, str) else columns
    return all(c in existing for c in columns if isinstance(c, str))
