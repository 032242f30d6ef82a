def _migfix_constraint_missing(name, table, schema=None, rebuilt=None):
    """True when constraint `name` (an exclusion constraint: PostgreSQL) has to be
    created: its table exists and has no constraint of that name."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create constraint %s on %s" % (name, _migfix_named(schema, table))
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    if inspector.dialect.name != "postgresql":
        return True
    import sqlalchemy

    found = inspector.bind.execute(
        sqlalchemy.text(
            "SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.conname = :name"
            " AND t.relname = :table AND n.nspname = coalesce(:schema, current_schema())"
        ),
        {"name": name, "table": table, "schema": schema},
    ).first()
    return found is None or _migfix_skip(what, "a constraint of that name exists")
