def _migfix_foreign_key_missing(
    name, source, referent, local_columns, remote_columns,
    source_schema=None, referent_schema=None, batch=False,
    rebuilt=None,
):
    """True when the foreign key has to be created: both tables and their columns
    exist, and `source` has no foreign key of that name (or, unnamed, none from
    those columns to those of `referent`). One of that name that exists is
    compared with what the migration says it refers to."""
    _migfix_rebuilt_indexes(source, source_schema, rebuilt)
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    what = "create_foreign_key %s on %s" % (name, _migfix_named(source_schema, source))
    if source not in inspector.get_table_names(schema=source_schema):
        return _migfix_skip(what, "the table does not exist")
    if referent not in inspector.get_table_names(schema=referent_schema):
        return _migfix_skip(what, "%s does not exist" % _migfix_named(referent_schema, referent))

    def shown(local, table, remote):
        return "(%s) -> %s (%s)" % (", ".join(local), table, ", ".join(remote))

    want = shown(local_columns, _migfix_named(referent_schema, referent), remote_columns)
    for fk in inspector.get_foreign_keys(source, schema=source_schema):
        same = (
            fk["referred_table"] == referent
            and list(fk["constrained_columns"]) == list(local_columns)
            and list(fk["referred_columns"]) == list(remote_columns)
        )
        if name is not None and fk["name"] == name:
            _migfix_skip(what, "a foreign key of that name exists")
            if not same:
                have = shown(
                    fk["constrained_columns"],
                    _migfix_named(fk.get("referred_schema"), fk["referred_table"]),
                    fk["referred_columns"],
                )
                _migfix_drift(
                    "foreign key %s on %s exists as %s, the migration creates %s"
                    % (name, _migfix_named(source_schema, source), have, want)
                )
            return False
        if name is None and same:
            return _migfix_skip(what, "a foreign key %s exists" % want)
    if not batch:
        have = {c["name"] for c in inspector.get_columns(source, schema=source_schema)}
        absent = [c for c in local_columns if c not in have]
        if absent:
            return _migfix_skip(what, "no column %s" % ", ".join(absent))
    if batch and referent == source:
        return True  # the batch may be adding the referred columns itself
    have = {c["name"] for c in inspector.get_columns(referent, schema=referent_schema)}
    absent = [c for c in remote_columns if c not in have]
    if absent:
        return _migfix_skip(what, "%s has no column %s" % (referent, ", ".join(absent)))
    return True
