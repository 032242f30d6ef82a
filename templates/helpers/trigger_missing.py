def _migfix_trigger_missing(name, table, schema=None):
    """True when trigger `name` has to be created: its table exists and has no
    trigger of that name (PostgreSQL)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create trigger %s on %s" % (name, _migfix_named(schema, table))
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    if inspector.dialect.name != "postgresql":
        return True
    import sqlalchemy

    found = inspector.bind.execute(
        sqlalchemy.text(
            "SELECT 1 FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE g.tgname = :name"
            " AND t.relname = :table AND n.nspname = coalesce(:schema, current_schema())"
        ),
        {"name": name, "table": table, "schema": schema},
    ).first()
    return found is None or _migfix_skip(what, "a trigger of that name exists")
