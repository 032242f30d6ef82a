def _migfix_entity_present(entity):
    """True when alembic_utils entity `entity` has to be dropped: it exists,
    or migfix cannot tell (see _migfix_entity_found)."""
    return _migfix_entity_found(entity) is not False
