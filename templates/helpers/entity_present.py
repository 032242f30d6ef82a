def _migfix_entity_present(entity):
    """True when alembic_utils entity `entity` has to be dropped: it exists,
    or migfix cannot tell (see _migfix_entity_found)."""
    if _migfix_entity_found(entity) is not False:
        return True
    return _migfix_skip("drop_entity %s" % _migfix_entity_name(entity), "it does not exist")
