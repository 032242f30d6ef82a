def _migfix_constraint_present(
    name, table, type_=None, schema=None, replaced_by=None, rebuilt=None,
):
    """True when constraint `name` (of kind `type_`, when given) can be dropped:
    it exists on `table`, or the database cannot tell. A primary key that a
    create_primary_key after this one makes over `replaced_by` is done already
    when the key is over those columns."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "drop_constraint %s on %s" % (name, _migfix_named(schema, table))
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    names = set()
    if type_ in (None, "foreignkey"):
        names |= {fk["name"] for fk in inspector.get_foreign_keys(table, schema=schema)}
    if type_ in (None, "unique"):
        names |= {u["name"] for u in inspector.get_unique_constraints(table, schema=schema)}
        indexes = inspector.get_indexes(table, schema=schema)
        names |= {i["name"] for i in indexes if i.get("unique")}
    if type_ in (None, "primary"):
        key = inspector.get_pk_constraint(table, schema=schema)
        if replaced_by is not None and key.get("constrained_columns") == list(replaced_by):
            return _migfix_skip(what, "the primary key is over %s already, as the migration "
                                "makes it next" % ", ".join(map(str, replaced_by)))
        names.add(key.get("name"))
        # MySQL and MariaDB call every primary key PRIMARY and reflect no name,
        # SQLite keeps none unless the table's SQL gives one: a primary key
        # there is found by its kind.
        unnamed = inspector.dialect.name in ("mysql", "mariadb") or key.get("name") is None
        kind = type_ == "primary" or str(name).upper() == "PRIMARY"
        if key.get("constrained_columns") and unnamed and kind:
            return True
    if type_ in (None, "check"):
        try:
            names |= {c["name"] for c in inspector.get_check_constraints(table, schema=schema)}
        except NotImplementedError:
            return True
    if name in names:
        return True
    if type_ not in (None, "foreignkey", "unique", "primary", "check"):
        return True  # a kind reflection cannot see: let the operation decide
    if inspector.dialect.name == "postgresql" and type_ is None:
        import sqlalchemy

        found = inspector.bind.execute(
            sqlalchemy.text(
                "SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
                " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE c.conname = :name"
                " AND t.relname = :table AND n.nspname = coalesce(:schema, current_schema())"
            ),
            {"name": name, "table": table, "schema": schema},
        ).first()
        if found is not None:
            return True
    return _migfix_skip(what, "no constraint of that name")
