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


def _migfix_named(schema, *names):
    """`schema.table.column`, leaving out a schema that is not given."""
    return ".".join(str(n) for n in (schema,) + names if n is not None)
