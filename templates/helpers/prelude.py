def _migfix_inspector():
    """A fresh inspector per check, or None when Alembic renders SQL offline.

    An Inspector caches what it reflects, so one shared by several checks
    would miss the changes made in between. Offline (`alembic upgrade --sql`)
    there is no database to ask, and every guarded operation is let through
    so that the SQL script is still complete.
    """
    import sqlalchemy
    from alembic import context, op

    if context.is_offline_mode():
        return None
    migration = op.get_context()
    if not getattr(migration, "_migfix_leftovers_seen", False):
        migration._migfix_leftovers_seen = True  # once per command: before any check
        _migfix_batch_leftovers(op.get_bind())
    return sqlalchemy.inspect(op.get_bind())


def _migfix_batch_leftovers(connection):
    """Finishes a batch rebuild that stopped half way (create _alembic_tmp_<t>,
    copy the rows, drop <t>, rename; each step commits on its own on SQLite and
    MySQL): with both tables the copy was not finished (it goes, unless it has
    more rows than <t>); with the copy alone, it holds the rows and becomes <t>.
    What is done is logged as a warning."""
    import sqlalchemy

    names = set(sqlalchemy.inspect(connection).get_table_names())
    quote = connection.dialect.identifier_preparer.quote
    for tmp in sorted(n for n in names if n.startswith("_alembic_tmp_")):
        table = tmp[len("_alembic_tmp_"):]
        if table not in names:
            rename = "ALTER TABLE %s RENAME TO %s" % (quote(tmp), quote(table))
            connection.execute(sqlalchemy.text(rename))
            _migfix_finished("renamed %s to %s: a batch rebuild stopped after dropping %s; the "
                             "copy holds its rows (indexes not made again yet are missing)"
                             % (tmp, table, table))
            continue
        count = "SELECT count(*) FROM %s"
        rows = [connection.execute(sqlalchemy.text(count % quote(t))).scalar()
                for t in (tmp, table)]
        if rows[0] > rows[1]:
            _migfix_finished("kept %s: it has more rows than %s" % (tmp, table))
            continue
        connection.execute(sqlalchemy.text("DROP TABLE %s" % quote(tmp)))
        _migfix_finished("dropped %s: a batch rebuild of %s stopped before its copy was done"
                         % (tmp, table))


def _migfix_rebuilt_indexes(table, schema, indexes):
    """On SQLite a batch block rebuilds its table (copy, drop, rename) and
    makes its indexes again last: stopped after the RENAME, the table has
    lost them, and no operation of the block names them. `indexes`: those the
    migration chain says the table has where the block begins, as ("name",
    [columns], unique[, True: named by the naming convention]) or ("name",
    "CREATE INDEX ..."); each one missing is made again."""
    inspector = _migfix_inspector() if indexes else None
    if inspector is None or inspector.dialect.name != "sqlite" or (
        table not in inspector.get_table_names(schema=schema)
    ):
        return
    for name, columns, *shape in indexes:
        unique = bool(shape) and shape[0]
        if len(shape) > 1 and _migfix_index_name(table, columns[0], unique, schema) != name:
            continue  # the project names its index=True indexes otherwise
        _migfix_finish_index(inspector, table, schema, name, columns, unique,
                             "a batch rebuild stopped half way")


def _migfix_finish_index(inspector, table, schema, name, columns, unique, lost, **options):
    """Makes index `name` when `table` has no index of that name and has its
    `columns` (or `columns` is the CREATE INDEX statement, as written): what
    `lost` (a revision or a batch rebuild stopped half way) left out."""
    if _migfix_index_catalog(inspector, name, table, schema) is not None:
        return
    from alembic import op

    if isinstance(columns, str):
        op.execute(columns)
    elif set(columns) <= {c["name"] for c in inspector.get_columns(table, schema=schema)}:
        op.create_index(name, table, columns, unique=unique, schema=schema, **options)
    else:
        return
    _migfix_finished("table %s lacks its index %s, which %s left out: made now"
                     % (_migfix_named(schema, table), name, lost))


def _migfix_index_catalog(inspector, name, table, schema=None):
    """None when index `name` on `table` does not exist, else whether it works
    (PostgreSQL's INVALID index, left by a failed CREATE INDEX CONCURRENTLY,
    does not). Read from the catalog: the inspector leaves out partial and
    expression indexes."""
    import sqlalchemy

    dialect = inspector.dialect.name
    if dialect == "sqlite":
        master = "sqlite_master" if schema is None else "%s.sqlite_master" % (
            inspector.dialect.identifier_preparer.quote(schema))
        sql = "SELECT 1 FROM %s WHERE type = 'index' AND name = :name AND tbl_name = :table"
        sql, values = sql % master, {"name": name, "table": table}
    elif dialect == "postgresql":
        sql = ("SELECT x.indisvalid FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid"
               " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n"
               " ON n.oid = i.relnamespace WHERE i.relname = :name AND t.relname = :table"
               " AND n.nspname = coalesce(:schema, current_schema())")
        values = {"name": name, "table": table, "schema": schema}
    elif dialect in ("mysql", "mariadb"):  # index names are per table there
        sql = ("SELECT 1 FROM information_schema.statistics WHERE index_name = :name"
               " AND table_name = :table AND table_schema = coalesce(:schema, database())")
        values = {"name": name, "table": table, "schema": schema}
    else:
        found = any(i["name"] == name for i in inspector.get_indexes(table, schema=schema))
        return True if found else None
    row = inspector.bind.execute(sqlalchemy.text(sql), values).first()
    return None if row is None else bool(row[0])


def _migfix_skip(what, why):
    """Says in Alembic's log, next to "Running upgrade", that a guard skips
    `what` and why; returns False, the guard's answer. A skipped operation
    is never silent: the log is the audit trail of what a replay left out."""
    import logging

    logging.getLogger("alembic.runtime.migration").info("migfix: skip %s: %s", what, why)
    return False


def _migfix_drift(message):
    """An object a guard skips differs from what the operation would make:
    a warning in Alembic's log, or, in strict mode (`alembic -x migfix=strict`
    or MIGFIX_STRICT=1), an error that stops the upgrade."""
    import logging
    import os

    from alembic import context

    strict = os.environ.get("MIGFIX_STRICT", "") not in ("", "0")
    try:
        strict = strict or context.get_x_argument(as_dictionary=True).get("migfix") == "strict"
    except Exception:  # no Alembic command line: the environment variable decides
        pass
    if strict:
        raise RuntimeError("migfix: " + message + " (strict mode)")
    logging.getLogger("alembic.runtime.migration").warning("migfix: %s", message)


def _migfix_finished(message):
    """Says in Alembic's log (a warning) that a check made what a revision
    stopped half way left out, so that the re-run ends where a clean one does."""
    import logging

    logging.getLogger("alembic.runtime.migration").warning("migfix: %s", message)


def _migfix_type_exists(inspector, name, schema=None):
    """Whether PostgreSQL type `name` exists (in `schema`, else the current one)."""
    import sqlalchemy

    return inspector.bind.execute(
        sqlalchemy.text(
            "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            " WHERE t.typname = :name AND n.nspname = coalesce(:schema, current_schema())"
        ),
        {"name": name, "schema": schema},
    ).first() is not None


def _migfix_index_name(table, column, unique=False, schema=None):
    """The name op.create_table and op.add_column give an index=True column's
    index: the project's naming convention (its target_metadata's), else
    SQLAlchemy's ix_<table>_<column>."""
    import sqlalchemy
    from alembic import op

    target = op.get_context().opts.get("target_metadata")
    target = target[0] if isinstance(target, (list, tuple)) and target else target
    convention = getattr(target, "naming_convention", None)
    metadata = sqlalchemy.MetaData(**({"naming_convention": convention} if convention else {}))
    made = sqlalchemy.Table(table, metadata, sqlalchemy.Column(
        column, sqlalchemy.Integer, index=True, unique=unique), schema=schema)
    return str(next(iter(made.indexes)).name)


def _migfix_named(schema, *names):
    """`schema.table.column`, leaving out a schema that is not given."""
    return ".".join(str(n) for n in (schema,) + names if n is not None)
