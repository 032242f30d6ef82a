def _migfix_type_missing(name, schema=None):
    """True when type `name` has to be created: it does not exist (PostgreSQL)."""
    inspector = _migfix_inspector()
    if inspector is None or inspector.dialect.name != "postgresql":
        return True
    import sqlalchemy

    found = inspector.bind.execute(
        sqlalchemy.text(
            "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            " WHERE t.typname = :name AND n.nspname = coalesce(:schema, current_schema())"
        ),
        {"name": name, "schema": schema},
    ).first()
    what = "create type " + _migfix_named(schema, name)
    return found is None or _migfix_skip(what, "the type exists")
