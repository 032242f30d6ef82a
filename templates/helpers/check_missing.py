def _migfix_check_missing(name, table, schema=None, rebuilt=None):
    """True when check constraint `name` has to be created: its table exists and
    has no check constraint of that name (or the database cannot tell)."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create_check_constraint %s on %s" % (name, _migfix_named(schema, table))
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    try:
        checks = inspector.get_check_constraints(table, schema=schema)
    except NotImplementedError:
        return True
    if name in {c["name"] for c in checks}:
        return _migfix_skip(what, "a check constraint of that name exists")
    return True
