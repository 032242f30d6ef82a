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
    return sqlalchemy.inspect(op.get_bind())
