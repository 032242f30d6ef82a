def _migfix_foreign_key_missing(
    name, source, referent, local_columns, remote_columns,
    source_schema=None, referent_schema=None, batch=False,
):
    """True when the foreign key has to be created: both tables and their columns
    exist, and `source` has no foreign key of that name (or, unnamed, none from
    those columns to those of `referent`)."""
    inspector = _migfix_inspector()
    if inspector is None:
        return True
    if source not in inspector.get_table_names(schema=source_schema):
        return False
    if referent not in inspector.get_table_names(schema=referent_schema):
        return False
    for fk in inspector.get_foreign_keys(source, schema=source_schema):
        if name is not None and fk["name"] == name:
            return False
        if (
            name is None
            and fk["referred_table"] == referent
            and list(fk["constrained_columns"]) == list(local_columns)
            and list(fk["referred_columns"]) == list(remote_columns)
        ):
            return False
    if not batch:
        have = {c["name"] for c in inspector.get_columns(source, schema=source_schema)}
        if not all(c in have for c in local_columns):
            return False
    if batch and referent == source:
        return True  # the batch may be adding the referred columns itself
    have = {c["name"] for c in inspector.get_columns(referent, schema=referent_schema)}
    return all(c in have for c in remote_columns)
