"""Fault injection for failn.py, shared by the fixtures' env.py (each adds this
directory to sys.path): on only with `-x fail_at=N`, the N-th DDL statement of
the command (alembic_version's own statements and data statements do not
count) raises instead of running; N = the revision's DDL count + 1 raises at
the alembic_version INSERT/UPDATE that records it, i.e. the revision stopped
after its last statement; N = 0 only counts. Only one statement is refused:
what runs after it (Alembic's clean-up of a batch table, the rollback) runs.
The DDL run is kept in config.attributes["ddl"], the statement refused in
["fault"] (failn.py runs Alembic in-process and reads them there).
`-x autocommit=1` commits each statement on its own (SQLite, PostgreSQL), as
MariaDB does with DDL anyway, so that what ran before the fault stays."""
import re

from sqlalchemy import engine_from_config, event, pool

DDL = re.compile(r"\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE|COMMENT)\b", re.IGNORECASE)
VERSION_TABLE = re.compile(r"\balembic_version\b", re.IGNORECASE)
VERSION_RECORD = re.compile(r"\s*(INSERT|UPDATE)\b", re.IGNORECASE)


class InjectedFault(Exception):
    pass


def inject_faults(config, engine, fail_at):
    ddl = config.attributes["ddl"] = []
    config.attributes.pop("fault", None)

    @event.listens_for(engine, "before_cursor_execute")
    def fail(connection, cursor, statement, parameters, execution_context, executemany):
        if "fault" in config.attributes:
            return
        if VERSION_TABLE.search(statement):
            refuse = VERSION_RECORD.match(statement) and len(ddl) + 1 == fail_at
        elif DDL.match(statement):
            refuse = len(ddl) + 1 == fail_at
            if not refuse:
                ddl.append(statement)
        else:
            refuse = False
        if refuse:
            config.attributes["fault"] = statement
            raise InjectedFault(f"fail_at={fail_at}: refused {' '.join(statement.split())[:120]}")


def engine(context, config):
    """The engine env.py connects with: as the -x arguments say."""
    x = context.get_x_argument(as_dictionary=True)
    options = {"isolation_level": "AUTOCOMMIT"} if x.get("autocommit") == "1" else {}
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool, **options)
    if "fail_at" in x:
        inject_faults(config, connectable, int(x["fail_at"]))
    return connectable
