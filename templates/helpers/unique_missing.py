def _migfix_unique_missing(name, table, columns, schema=None, batch=False, rebuilt=None):
    """True when the unique constraint has to be created: its table and columns
    exist, and there is no unique constraint or unique index of that name (or,
    unnamed, over exactly those columns). One of that name that exists is
    compared with the columns the migration says."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create_unique_constraint %s on %s" % (name, _migfix_named(schema, table))
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    columns = [columns] if isinstance(columns, str) else list(columns)
    existing = inspector.get_unique_constraints(table, schema=schema) + [
        {"name": i["name"], "column_names": i["column_names"]}
        for i in inspector.get_indexes(table, schema=schema)
        if i.get("unique")
    ]
    for unique in existing:
        have = list(unique["column_names"])
        if name is not None and unique["name"] == name:
            _migfix_skip(what, "a unique constraint of that name exists")
            if have != columns:
                _migfix_drift(
                    "unique constraint %s on %s exists over (%s), the migration creates (%s)"
                    % (name, _migfix_named(schema, table), ", ".join(map(str, have)),
                       ", ".join(columns))
                )
            return False
        if name is None and have == columns:
            return _migfix_skip(what, "%s over those columns exists" % unique["name"])
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    absent = [c for c in columns if c not in have]
    return not absent or _migfix_skip(what, "no column %s" % ", ".join(absent))
