def _migfix_primary_key_missing(
    table, columns, schema=None, batch=False, replacing=False, rebuilt=None,
):
    """True when the primary key has to be created: the table and its columns
    exist (in a batch, columns the batch adds count too), and it has no primary key,
    or (`replacing`: a drop_constraint before this one removes it; a batch runs both
    when its block ends) one over other columns."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create_primary_key on " + _migfix_named(schema, table)
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    columns = [columns] if isinstance(columns, str) else list(columns)
    key = inspector.get_pk_constraint(table, schema=schema).get("constrained_columns") or []
    if key and (not replacing or list(key) == columns):
        why = "the table has a primary key"
        return _migfix_skip(what, why + (" over those columns" if replacing else ""))
    if batch:
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    absent = [c for c in columns if c not in have]
    return not absent or _migfix_skip(what, "no column %s" % ", ".join(absent))
