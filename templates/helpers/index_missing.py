def _migfix_index_missing(
    index, table, columns, schema=None, batch=False, unique=None, rebuilt=None,
):
    """True when index `index` has to be created: its table and its named columns
    exist (in a batch, columns the batch adds count too), and there is no index
    of that name (or, unnamed, over exactly those columns). One that exists is
    compared with the columns and the uniqueness the migration says."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    columns = [columns] if isinstance(columns, str) else list(columns)
    what = "create_index %s on %s" % (index, _migfix_named(schema, table))
    if index is None:
        over = ", ".join(map(str, columns))
        what = "create_index on %s (%s)" % (_migfix_named(schema, table), over)
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")

    def shown(is_unique, names):
        kind = "UNIQUE " if unique is not None and is_unique else ""
        return kind + "(%s)" % ", ".join(str(n) for n in names)

    def compare(existing, have, by_columns):
        readable = all(isinstance(c, str) for c in have + columns)
        if (not by_columns and readable and have != columns) or (
            unique is not None and bool(existing.get("unique")) != bool(unique)
        ):
            _migfix_drift(
                "index %s on %s exists as %s, the migration creates %s"
                % (existing["name"], _migfix_named(schema, table),
                   shown(existing.get("unique"), have), shown(unique, columns))
            )

    indexes = inspector.get_indexes(table, schema=schema)
    works = None if index is None else _migfix_index_catalog(inspector, index, table, schema)
    if works is not None:
        _migfix_skip(what, "an index of that name exists")
        for existing in indexes:  # one the inspector cannot read is not compared
            if existing["name"] == index:
                compare(existing, list(existing["column_names"]), False)
        if not works:
            _migfix_drift(
                "index %s on %s exists but is INVALID (a CREATE INDEX CONCURRENTLY that failed):"
                " drop it and upgrade again" % (index, _migfix_named(schema, table))
            )
        return False
    for existing in indexes:
        have = list(existing["column_names"])
        if index is None and have == columns:
            compare(existing, have, True)
            return _migfix_skip(what, "index %s over those columns exists" % existing["name"])
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    absent = [c for c in columns if isinstance(c, str) and c not in have]
    return not absent or _migfix_skip(what, "no column %s" % ", ".join(absent))
