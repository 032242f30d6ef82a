def _migfix_column_missing(
    table, column, schema=None, type_=None, nullable=None, primary_key=None, foreign_keys=None,
    index=None,
    rebuilt=None,
):
    """True when `column` has to be added: its table exists, the column does
    not. When it exists, what the migration says of it literally (type_,
    nullable, primary_key) is compared with what is there, and what add_column
    makes after ADD COLUMN and a revision stopped half way left out is made: a
    foreign key of `foreign_keys` (see _migfix_finish_foreign_keys), the index
    of index=True (`index`: True, or "unique")."""
    _migfix_rebuilt_indexes(table, schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "add_column " + _migfix_named(schema, table, column)
    if table not in inspector.get_table_names(schema=schema):
        return _migfix_skip(what, "the table does not exist")
    found = [c for c in inspector.get_columns(table, schema=schema) if c["name"] == column]
    if not found:
        return True
    _migfix_skip(what, "the column exists")
    if foreign_keys:
        _migfix_finish_foreign_keys(inspector, table, column, schema, foreign_keys)
    if index:
        name = _migfix_index_name(table, column, index == "unique", schema)
        _migfix_finish_index(inspector, table, schema, name, [column], index == "unique",
                             "a revision stopped half way")
    _migfix_compare_column(inspector, table, column, schema, found[0], type_, nullable,
                           primary_key, "the migration adds")
    return False


def _migfix_compare_column(inspector, table, column, schema, found, type_, nullable,
                           primary_key=None, says="the migration adds"):
    """Compares what a migration says of a column literally (type_: its
    family; nullable; primary_key) with the column `found` reflects; a
    difference is drift (a warning; an error in strict mode)."""
    have, want, differs = [], [], False
    if type_ is not None:
        dialect = inspector.dialect
        declared = _migfix_type_name(type_, dialect)
        reflected = _migfix_type_name(found["type"], dialect)
        if declared and reflected:
            have.append(reflected)
            want.append(declared)
            family = _migfix_type_family
            differs = family(declared, dialect) != family(reflected, dialect)
    if nullable is not None:
        have.append("NULL" if found["nullable"] else "NOT NULL")
        want.append("NULL" if nullable else "NOT NULL")
        differs = differs or bool(found["nullable"]) != bool(nullable)
    if primary_key:
        key = inspector.get_pk_constraint(table, schema=schema).get("constrained_columns") or []
        have.append("PRIMARY KEY" if column in key else "outside the primary key")
        want.append("PRIMARY KEY")
        differs = differs or column not in key
    if differs:
        _migfix_drift(
            "%s exists as %s, %s %s"
            % (_migfix_named(schema, table, column), " ".join(have), says, " ".join(want))
        )


def _migfix_finish_foreign_keys(inspector, table, column, schema, foreign_keys):
    """add_column with a ForeignKey is ADD COLUMN, then ADD CONSTRAINT: on
    MySQL and MariaDB each commits on its own, so a revision stopped in
    between leaves the column without its key, which this makes (with the
    same name, target and options). SQLite makes no such key: nothing to do."""
    from alembic import op

    if inspector.dialect.name == "sqlite":
        return
    have = inspector.get_foreign_keys(table, schema=schema)
    for key in foreign_keys:
        parts = str(key._get_colspec()).split(".")
        if len(parts) < 2:
            continue
        referent, remote = parts[-2], parts[-1]
        if any(f["constrained_columns"] == [column] and f["referred_table"] == referent
               for f in have):
            continue
        op.create_foreign_key(
            key.name, table, referent, [column], [remote], source_schema=schema,
            referent_schema=".".join(parts[:-2]) or None, onupdate=key.onupdate,
            ondelete=key.ondelete, deferrable=key.deferrable, initially=key.initially,
            match=key.match,
        )
        _migfix_finished("%s exists without its foreign key to %s (%s), which a revision"
                         " stopped half way left out: made now"
                         % (_migfix_named(schema, table, column), referent, remote))


def _migfix_type_name(type_, dialect):
    """A column type (class or instance) as `dialect` writes it, upper case;
    None when it cannot say (a type reflection did not recognise)."""
    try:
        if isinstance(type_, type):
            type_ = type_()
        return " ".join(type_.compile(dialect=dialect).upper().split())
    except Exception:
        return None


def _migfix_type_family(name, dialect):
    """What a type name means, without its length or precision and with
    synonyms merged: VARCHAR(20) and CHARACTER VARYING are one family, as
    FLOAT and DOUBLE PRECISION are (PostgreSQL reflects one as the other)."""
    import re

    base = re.sub(r"\s*\([^)]*\)", "", name).replace(" WITHOUT TIME ZONE", "")
    synonyms = {
        "INT": "INTEGER", "INT4": "INTEGER", "SERIAL": "INTEGER", "MEDIUMINT": "INTEGER",
        "INT8": "BIGINT", "BIGSERIAL": "BIGINT", "INT2": "SMALLINT", "SMALLSERIAL": "SMALLINT",
        "BOOL": "BOOLEAN", "CHARACTER VARYING": "VARCHAR", "NVARCHAR": "VARCHAR",
        "VARCHAR2": "VARCHAR", "CHARACTER": "CHAR", "NCHAR": "CHAR", "CLOB": "TEXT",
        "NTEXT": "TEXT", "DECIMAL": "NUMERIC", "REAL": "FLOAT", "DOUBLE": "FLOAT",
        "DOUBLE PRECISION": "FLOAT", "FLOAT4": "FLOAT", "FLOAT8": "FLOAT",
        "DATETIME": "TIMESTAMP", "TIMESTAMPTZ": "TIMESTAMP WITH TIME ZONE",
        "TIMETZ": "TIME WITH TIME ZONE",
    }
    if dialect.name == "sqlite":
        # SQLite's own types are its affinities, which it reads off the name
        # (sqlite.org/datatype3.html): VARCHAR(40) and TEXT store alike, and a
        # name SQLAlchemy does not know reflects as its affinity.
        for part, affinity in (("INT", "INTEGER"), ("CHAR", "TEXT"), ("CLOB", "TEXT"),
                               ("TEXT", "TEXT"), ("BLOB", "BLOB"), ("REAL", "REAL"),
                               ("FLOA", "REAL"), ("DOUB", "REAL")):
            if part in base:
                return affinity
        return "BLOB" if not base else "NUMERIC"
    if dialect.name in ("mysql", "mariadb"):
        synonyms["TINYINT"] = "BOOLEAN"  # MySQL's BOOL is TINYINT(1)
    return synonyms.get(base, base)
