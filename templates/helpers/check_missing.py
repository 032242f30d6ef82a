def _migfix_check_missing(name, table, schema=None):
    """True when check constraint `name` has to be created: its table exists and
    has no check constraint of that name (or the database cannot tell)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        return False
    try:
        checks = inspector.get_check_constraints(table, schema=schema)
    except NotImplementedError:
        return True
    return name not in {c["name"] for c in checks}
