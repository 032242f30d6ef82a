def _migfix_unique_missing(name, table, columns, schema=None, batch=False):
    """True when the unique constraint has to be created: its table and columns
    exist, and there is no unique constraint or unique index of that name (or,
    unnamed, over exactly those columns)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    columns = [columns] if isinstance(columns, str) else list(columns)
    existing = inspector.get_unique_constraints(table, schema=schema) + [
        {"name": i["name"], "column_names": i["column_names"]}
        for i in inspector.get_indexes(table, schema=schema)
        if i.get("unique")
    ]
    for unique in existing:
        if name is not None and unique["name"] == name:
            return False
        if name is None and list(unique["column_names"]) == columns:
            return False
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    return all(c in have for c in columns)
