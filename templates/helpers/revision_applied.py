def _migfix_revision_applied(all_of, none_of=(), any_of=None, compare=()):
    """True when the database is already past this revision, so that its
    upgrade can return at once (Alembic then records it as applied): every
    object of `all_of` exists (what the revision makes and nothing later
    removes), none of `none_of` does (what it removes and nothing later
    makes again), and, given `any_of` (a later revision's witness), one of
    those does. Together they show that the revision ran to its end, not
    only that it started. Only existence proves a revision started;
    offline, a revision is never skipped. A skipped revision says so in
    the log, with the objects that showed it.

    With ("transaction",) first, the objects show only that the revision
    started (its last statement makes nothing to check), which shows that
    all of it ran only where it ran in one transaction: DDL that is
    transactional (PostgreSQL) and a transaction open. Elsewhere the
    revision is not skipped.

    Objects are ("table", schema, name), ("column", schema, table, name),
    ("index", schema, table, name), ("constraint", schema, table, name) and
    ("type", schema, name). `compare` holds (schema, table, column, type_,
    nullable) of columns the revision adds: a revision skipped whole still
    compares what it says of them with what is there, as its guards would."""
    inspector = _migfix_inspector()
    if inspector is None or not (all_of or any_of):
        return False
    if all_of and tuple(all_of[0]) == ("transaction",):
        from alembic import op

        if not (getattr(op.get_context().impl, "transactional_ddl", False)
                and op.get_bind().in_transaction()):
            return False
        all_of = all_of[1:]
        if not (all_of or any_of):
            return False

    def exists(kind, schema, *names):
        if kind == "type":
            return inspector.dialect.name == "postgresql" and _migfix_type_exists(
                inspector, names[0], schema)
        table = names[0]
        if table not in inspector.get_table_names(schema=schema):
            return False
        if kind == "table":
            return True
        name = names[1]
        if kind == "column":
            return any(c["name"] == name for c in inspector.get_columns(table, schema=schema))
        if kind == "index":
            return _migfix_index_catalog(inspector, name, table, schema) is not None
        found = {fk["name"] for fk in inspector.get_foreign_keys(table, schema=schema)}
        found |= {u["name"] for u in inspector.get_unique_constraints(table, schema=schema)}
        found.add(inspector.get_pk_constraint(table, schema=schema).get("name"))
        try:
            found |= {c["name"] for c in inspector.get_check_constraints(table, schema=schema)}
        except NotImplementedError:
            pass
        return name in found

    if not all(exists(*o) for o in all_of) or any(exists(*o) for o in none_of):
        return False
    seen = list(all_of)
    if any_of is not None:
        later = [o for o in any_of if exists(*o)]
        if not later:
            return False
        seen.append(later[0])

    def shown(kind, schema, *names):
        named = _migfix_named(schema, *names)
        if kind in ("index", "constraint"):
            return "%s %s on %s" % (kind, names[1], _migfix_named(schema, names[0]))
        return "type " + named if kind == "type" else named

    import sys

    revision = sys._getframe(1).f_globals.get("revision", "?")
    evidence = ", ".join(shown(*o) for o in seen[:3]) + (" and more" if len(seen) > 3 else "")
    _migfix_skip("revision %s" % revision,
                 "already applied (%s exist%s)" % (evidence, "" if len(seen) > 1 else "s"))
    for schema, table, column, type_, nullable in compare:
        found = [c for c in inspector.get_columns(table, schema=schema) if c["name"] == column]
        if found:
            _migfix_compare_column(inspector, table, column, schema, found[0], type_, nullable,
                                   None, "revision %s adds" % revision)
    return True
