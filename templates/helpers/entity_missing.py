def _migfix_entity_missing(entity):
    """True when alembic_utils entity `entity` has to be created: migfix
    cannot find it (see _migfix_entity_found)."""
    if _migfix_entity_found(entity) is not True:
        return True
    return _migfix_skip("create_entity %s" % _migfix_entity_name(entity), "it exists")


def _migfix_entity_name(entity):
    """How the log names an entity: `PGView public.active_users`."""
    return "%s %s.%s" % (
        type(entity).__name__,
        getattr(entity, "schema", None) or "public",
        getattr(entity, "signature", None),
    )


def _migfix_entity_found(entity):
    """Whether `entity` exists in PostgreSQL: True, False, or None when that
    cannot be told (offline, another database, a kind with no lookup here, a
    function whose arguments are written otherwise than PostgreSQL prints
    them). Both checks run the operation on None, as the migration would."""
    inspector = _migfix_inspector()
    if inspector is None or inspector.dialect.name != "postgresql":
        return None
    import sqlalchemy

    def unquote(name):
        name = name.strip()
        if len(name) > 1 and name[0] == name[-1] == '"':
            return name[1:-1].replace('""', '"')
        return name.lower()

    def rows(sql, **values):
        return inspector.bind.execute(sqlalchemy.text(sql), values).fetchall()

    kind = type(entity).__name__
    schema = unquote(getattr(entity, "schema", None) or "public")
    signature = getattr(entity, "signature", None) or ""
    if kind in ("PGFunction", "PGProcedure"):
        name, paren, arguments = signature.partition("(")
        if not paren or not arguments.rstrip().endswith(")"):
            return None
        found = rows(
            "SELECT pg_get_function_identity_arguments(p.oid) FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE p.proname = :name AND n.nspname = :schema",
            name=unquote(name),
            schema=schema,
        )

        def spelled(text):
            return " ".join(text.lower().replace(",", " , ").split()).replace(" , ", ",")

        if not found:
            return False
        wanted = spelled(arguments.rstrip()[:-1])
        return True if any(spelled(row[0]) == wanted for row in found) else None
    if kind in ("PGView", "PGMaterializedView"):
        found = rows(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relname = :name AND n.nspname = :schema",
            name=unquote(signature),
            schema=schema,
        )
        if not found:
            return False
        return True if found[0][0] == ("v" if kind == "PGView" else "m") else None
    if kind in ("PGTrigger", "PGPolicy"):
        table = getattr(entity, "on_entity", None)
        if not table:
            return None
        catalogue = (
            "SELECT 1 FROM pg_trigger WHERE tgname = :name AND tgrelid = to_regclass(:on)"
            if kind == "PGTrigger"
            else "SELECT 1 FROM pg_policy WHERE polname = :name AND polrelid = to_regclass(:on)"
        )
        return bool(rows(catalogue, name=unquote(signature), on=table))
    if kind == "PGExtension":
        extension = unquote(signature)
        return bool(rows("SELECT 1 FROM pg_extension WHERE extname = :name", name=extension))
    return None
