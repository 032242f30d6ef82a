def _migfix_table_missing(table, schema=None, columns=None):
    """True when `table` has to be created: it does not exist yet. One that
    exists is compared with the columns the migration creates (`columns`):
    a column it lacks is drift; more columns are not, later revisions add them."""
    inspector = _migfix_inspector()
    if inspector is None or table not in inspector.get_table_names(schema=schema):
        return True
    _migfix_skip("create_table " + _migfix_named(schema, table), "the table exists")
    if columns:
        have = {c["name"] for c in inspector.get_columns(table, schema=schema)}
        absent = [c for c in columns if c not in have]
        if absent:
            _migfix_drift(
                "table %s exists without %s, which the migration creates"
                % (_migfix_named(schema, table), ", ".join(absent))
            )
    return False
