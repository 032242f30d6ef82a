def _migfix_table_missing(
    table, schema=None, columns=None, indexes=None, types=None, seeded=None
):
    """True when `table` has to be created: it does not exist yet. One that
    exists is compared with the columns the migration creates (`columns`):
    a column it lacks is drift; more columns are not, later revisions add them.

    CREATE TABLE comes with statements of its own, each committed on its own
    on MySQL, MariaDB and SQLite (and under autocommit): CREATE TYPE before it
    (PostgreSQL enums, `types`), CREATE INDEX after it (`indexes`: Index(...)
    objects, and index=True columns as "name" or ("name", True) for a unique
    one). A revision stopped in between is finished: an index of an existing
    table that is missing is made, and a type that exists is not made again.

    `seeded`: the guard also holds the rows the table is made with (seeds, or a
    copy from another table); the columns the migration makes it with. The rows
    commit with the alembic_version row, after CREATE TABLE did (MySQL,
    MariaDB, SQLite): a table that exists empty, with exactly those columns,
    was left by a revision stopped before its rows, and is made again with them."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if table not in inspector.get_table_names(schema=schema):
        if types and inspector.dialect.name == "postgresql":
            _migfix_types_made(inspector, table, schema, types)
        return True
    have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
    if seeded and have == set(seeded) and (
        inspector.dialect.name in ("mysql", "mariadb", "sqlite")
    ):
        import sqlalchemy

        named = inspector.dialect.identifier_preparer.format_table(
            sqlalchemy.table(table, schema=schema))
        if inspector.bind.execute(sqlalchemy.text("SELECT 1 FROM " + named)).first() is None:
            inspector.bind.execute(sqlalchemy.text("DROP TABLE " + named))
            _migfix_finished("table %s exists without the rows the migration makes it with, as a "
                             "revision stopped half way left it: made again with them"
                             % _migfix_named(schema, table))
            return True
    _migfix_skip("create_table " + _migfix_named(schema, table), "the table exists")
    if columns:
        absent = [c for c in columns if c not in have]
        if absent:
            _migfix_drift(
                "table %s exists without %s, which the migration creates"
                % (_migfix_named(schema, table), ", ".join(absent))
            )
    for name, over, unique, options in _migfix_declared_indexes(table, schema, indexes or ()):
        _migfix_finish_index(inspector, table, schema, name, over, unique,
                             "a revision stopped half way", **options)
    return False


def _migfix_declared_indexes(table, schema, indexes):
    """(name, columns, unique, options) of each index create_table declares."""
    import sqlalchemy

    for item in indexes:
        if isinstance(item, sqlalchemy.Index):
            yield item.name, [str(e) for e in item.expressions], bool(item.unique), dict(
                item.dialect_kwargs)
            continue
        column, unique = (item, False) if isinstance(item, str) else item
        yield _migfix_index_name(table, column, unique, schema), [column], unique, {}


def _migfix_types_made(inspector, table, schema, types):
    """Tells the DDL runner that the enum types of `types` which exist are
    made already (SQLAlchemy's ENUM then leaves out CREATE TYPE, as it does
    for a type an earlier create_table of the same command made)."""
    from alembic import op

    made = op.get_context().impl.memo.setdefault("_pg_enums", set())
    for type_schema, name in types:
        if (type_schema, name) not in made and _migfix_type_exists(inspector, name, type_schema):
            made.add((type_schema, name))
            _migfix_finished("type %s exists before its table %s, as a revision stopped half way"
                             " left it: not made again" % (_migfix_named(type_schema, name),
                                                          _migfix_named(schema, table)))
