def _migfix_type_missing(name, schema=None):
    """True when type `name` has to be created: it does not exist (PostgreSQL)."""
    inspector = _migfix_inspector()
    if inspector is None or inspector.dialect.name != "postgresql":
        return True
    what = "create type " + _migfix_named(schema, name)
    exists = _migfix_type_exists(inspector, name, schema)
    return not exists or _migfix_skip(what, "the type exists")
