def _migfix_primary_key_missing(table, columns, schema=None, batch=False):
    """True when the primary key has to be created: the table and its columns
    exist (in a batch, columns the batch adds count too), and it has no primary key."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    if inspector.get_pk_constraint(table, schema=schema).get("constrained_columns"):
        return False
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    return all(c in have for c in ([columns] if isinstance(columns, str) else columns))
