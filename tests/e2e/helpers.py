"""Every check migfix's guards call, against real databases.

The helper module is what `migfix --print-helpers` prints (the same functions
inline guards use). Each check is asked before and after the change it
guards, inside a real Alembic environment (EnvironmentContext + Operations), on
a SQLite file, on PostgreSQL when MIGFIX_PG_URL is set (with_postgres.sh) and on
MariaDB when MIGFIX_MARIADB_URL is set (with_mariadb.sh).
Offline (--sql), every check must answer True (revision_applied: False, never skip).
Every answer is also held against Alembic's log: a check that skips its operation writes
exactly one "migfix: skip ..." line at INFO, one that lets it run writes nothing (and
no check here, given no drift facts, warns). Ends with "e2e/helpers: N passed, M failed".

Usage: /usr/bin/python3 helpers.py MIGFIX
"""
import argparse
import functools
import inspect
import logging
import os
import subprocess
import sys
import tempfile
import types

import sqlalchemy as sa
from alembic.config import Config
from alembic.operations import Operations
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory

passes, failures = 0, []


def alembic_cli(project, *args, env=None):
    """`python -m alembic ARGS` for PROJECT: `init` inside it, anything else
    from its parent with -c: the fixed migrations find their shared helper
    module by their own path, not the working directory."""
    if args[0] == "init":
        return subprocess.run([sys.executable, "-m", "alembic", *args], cwd=project, env=env,
                              capture_output=True, text=True)
    return subprocess.run([sys.executable, "-m", "alembic", "-c",
                           os.path.join(project, "alembic.ini"), *args],
                          cwd=os.path.dirname(project), env=env, capture_output=True, text=True)


def script_location_from_here(ini):
    """`alembic init`'s script_location, relative to the working directory,
    made relative to the ini file, so that Alembic runs from anywhere."""
    with open(ini) as f:
        text = f.read()
    with open(ini, "w") as f:
        f.write(text.replace("script_location = migrations",
                             "script_location = %(here)s/migrations"))


def expect(label, got, want):
    global passes
    if got is want:
        passes += 1
    else:
        failures.append(f"{label}: got {got}, wanted {want}")


class LogRecorder(logging.Handler):
    """What the helpers write to Alembic's logger, as (level, message)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []
        logger = logging.getLogger("alembic.runtime.migration")
        logger.setLevel(logging.INFO)  # alembic.ini's [logger_alembic] does the same
        logger.addHandler(self)

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def logged_checks(h, recorder):
    """Wraps every check of `h` so that each call is also held against the log."""
    for name in dir(h):
        if not name.startswith("_migfix_") or name in SHARED:
            continue

        @functools.wraps(getattr(h, name))
        def wrapped(*args, _check=getattr(h, name), _name=name, **kwargs):
            recorder.records.clear()
            answer = _check(*args, **kwargs)
            skipped = answer is (_name == "_migfix_revision_applied")
            skips = [m for level, m in recorder.records
                     if level == logging.INFO and m.startswith("migfix: skip ")]
            warnings = [m for level, m in recorder.records if level >= logging.WARNING]
            expect(f"{_name}{args}: skip lines", len(skips), 1 if skipped else 0)
            expect(f"{_name}{args}: warnings {warnings}", len(warnings), 0)
            return answer

        setattr(h, name, wrapped)


def scratch_database(server_url, prefix):
    """A new, empty database on the PostgreSQL or MariaDB server of
    SERVER_URL; its URL."""
    name = prefix + "_" + os.urandom(4).hex()
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def load_helpers(migfix):
    source = subprocess.run([migfix, "--print-helpers"], capture_output=True, text=True,
                            check=True).stdout
    module = types.ModuleType("migfix_helpers")
    exec(compile(source, "migfix_helpers.py", "exec"), module.__dict__)
    return module


def environment(url, work, as_sql=False, x_arguments=()):
    """An Alembic environment as `alembic upgrade` makes it, with the command
    line's `-x` arguments X_ARGUMENTS (e.g. "migfix=strict")."""
    cfg = Config(cmd_opts=argparse.Namespace(x=list(x_arguments)))
    os.makedirs(os.path.join(work, "versions"), exist_ok=True)
    cfg.set_main_option("script_location", work)
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.output_buffer = open(os.devnull, "w")
    return EnvironmentContext(cfg, ScriptDirectory.from_config(cfg), as_sql=as_sql)


def run_checks(h, url, dialect, work):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection, environment(url, work) as env:
        env.configure(connection=connection)
        with Operations.context(env.get_context()) as op:
            tag = dialect + ": "
            batch = dialect == "sqlite"  # SQLite alters tables in batch mode

            # revision_applied: existence of every object of all_of, and of one of any_of.
            applied = h._migfix_revision_applied
            expect(tag + "revision_applied, nothing there", applied([("table", None, "w")]), False)
            op.create_table("w", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("c", sa.Integer),
                            sa.UniqueConstraint("c", name="uq_w_c"))
            op.create_index("ix_w_id_c", "w", ["id", "c"])
            expect(tag + "revision_applied, its table", applied([("table", None, "w")]), True)
            expect(tag + "revision_applied, every object",
                   applied([("table", None, "w"), ("column", None, "w", "c"),
                            ("index", None, "w", "ix_w_id_c"),
                            ("constraint", None, "w", "uq_w_c")]), True)
            expect(tag + "revision_applied, one column missing",
                   applied([("table", None, "w"), ("column", None, "w", "d")]), False)
            expect(tag + "revision_applied, a constraint missing",
                   applied([("constraint", None, "w", "uq_nope")]), False)
            expect(tag + "revision_applied, a later witness there",
                   applied([], any_of=[("table", None, "nope"), ("column", None, "w", "c")]), True)
            expect(tag + "revision_applied, no later witness there",
                   applied([("table", None, "w")], any_of=[("table", None, "nope")]), False)
            expect(tag + "revision_applied, nothing to check", applied([]), False)
            if dialect == "postgresql":
                expect(tag + "revision_applied, a type missing",
                       applied([("type", None, "moodw")]), False)
                op.execute("CREATE TYPE moodw AS ENUM ('a')")
                expect(tag + "revision_applied, a type", applied([("type", None, "moodw")]), True)

            expect(tag + "table_missing before", h._migfix_table_missing("a"), True)
            expect(tag + "table_present before", h._migfix_table_present("a"), False)
            op.create_table("a", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("x", sa.Integer), sa.Column("y", sa.Integer))
            op.create_table("b", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("a_id", sa.Integer), sa.Column("z", sa.Integer))
            op.create_table("nopk", sa.Column("k", sa.Integer, nullable=False))
            expect(tag + "table_missing after", h._migfix_table_missing("a"), False)
            expect(tag + "table_present after", h._migfix_table_present("a"), True)

            expect(tag + "column_missing", h._migfix_column_missing("a", "w"), True)
            expect(tag + "column_missing, table gone", h._migfix_column_missing("zz", "w"), False)
            op.add_column("a", sa.Column("w", sa.Integer))
            expect(tag + "column_missing after add", h._migfix_column_missing("a", "w"), False)
            expect(tag + "column_present", h._migfix_column_present("a", "w"), True)
            expect(tag + "column_renamable", h._migfix_column_renamable("a", "w", "v"), True)
            expect(tag + "column_renamable, new exists", h._migfix_column_renamable("a", "w", "x"),
                   False)
            expect(tag + "table_renamable", h._migfix_table_renamable("a", "c"), True)
            expect(tag + "table_renamable, new exists", h._migfix_table_renamable("a", "b"), False)

            expect(tag + "index_missing", h._migfix_index_missing("ix_a_x", "a", ["x"]), True)
            expect(tag + "index_missing, column gone",
                   h._migfix_index_missing("ix_a_q", "a", ["q"]), False)
            op.create_index("ix_a_x", "a", ["x"])
            expect(tag + "index_missing after", h._migfix_index_missing("ix_a_x", "a", ["x"]), False)
            expect(tag + "index_missing, unnamed over the same columns",
                   h._migfix_index_missing(None, "a", ["x"]), False)
            expect(tag + "index_missing, unnamed, other columns",
                   h._migfix_index_missing(None, "a", ["y"]), True)
            expect(tag + "index_present", h._migfix_index_present("ix_a_x", "a"), True)
            expect(tag + "index_present, any table", h._migfix_index_present("ix_a_x"), True)
            expect(tag + "index_present, absent", h._migfix_index_present("ix_nope"), False)

            expect(tag + "unique_missing", h._migfix_unique_missing("uq_a_y", "a", ["y"]), True)
            expect(tag + "foreign_key_missing",
                   h._migfix_foreign_key_missing("fk_b_a", "b", "a", ["a_id"], ["id"]), True)
            expect(tag + "foreign_key_missing, referent column gone",
                   h._migfix_foreign_key_missing("fk_b_a", "b", "a", ["a_id"], ["q"]), False)
            expect(tag + "check_missing", h._migfix_check_missing("ck_a_x", "a"), True)
            expect(tag + "primary_key_missing", h._migfix_primary_key_missing("nopk", ["k"]), True)
            expect(tag + "primary_key_missing, has one",
                   h._migfix_primary_key_missing("a", ["id"]), False)
            if batch:
                with op.batch_alter_table("a") as bo:
                    bo.create_unique_constraint("uq_a_y", ["y"])
                    bo.create_check_constraint("ck_a_x", sa.text("x > 0"))
                with op.batch_alter_table("b") as bo:
                    bo.create_foreign_key("fk_b_a", "a", ["a_id"], ["id"])
                with op.batch_alter_table("nopk") as bo:
                    bo.create_primary_key("pk_nopk", ["k"])
            else:
                op.create_unique_constraint("uq_a_y", "a", ["y"])
                op.create_check_constraint("ck_a_x", "a", sa.text("x > 0"))
                op.create_foreign_key("fk_b_a", "b", "a", ["a_id"], ["id"])
                op.create_primary_key("pk_nopk", "nopk", ["k"])
            expect(tag + "unique_missing after", h._migfix_unique_missing("uq_a_y", "a", ["y"]),
                   False)
            expect(tag + "unique_missing, unnamed, same columns",
                   h._migfix_unique_missing(None, "a", ["y"]), False)
            expect(tag + "foreign_key_missing after",
                   h._migfix_foreign_key_missing("fk_b_a", "b", "a", ["a_id"], ["id"]), False)
            expect(tag + "foreign_key_missing, unnamed, same columns",
                   h._migfix_foreign_key_missing(None, "b", "a", ["a_id"], ["id"]), False)
            expect(tag + "check_missing after", h._migfix_check_missing("ck_a_x", "a"), False)
            expect(tag + "primary_key_missing after",
                   h._migfix_primary_key_missing("nopk", ["k"]), False)
            expect(tag + "constraint_present fk",
                   h._migfix_constraint_present("fk_b_a", "b", type_="foreignkey"), True)
            expect(tag + "constraint_present unique",
                   h._migfix_constraint_present("uq_a_y", "a", type_="unique"), True)
            expect(tag + "constraint_present check",
                   h._migfix_constraint_present("ck_a_x", "a", type_="check"), True)
            expect(tag + "constraint_present, any type",
                   h._migfix_constraint_present("uq_a_y", "a"), True)
            expect(tag + "constraint_present, absent",
                   h._migfix_constraint_present("nope", "a"), False)
            expect(tag + "constraint_present, wrong type",
                   h._migfix_constraint_present("uq_a_y", "a", type_="foreignkey"), False)

            if dialect == "postgresql":
                expect(tag + "type_missing", h._migfix_type_missing("mood"), True)
                op.execute("CREATE TYPE mood AS ENUM ('a', 'b')")
                expect(tag + "type_missing after", h._migfix_type_missing("mood"), False)
                op.execute("CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END "
                           "$$ LANGUAGE plpgsql")
                expect(tag + "trigger_missing", h._migfix_trigger_missing("trg", "a"), True)
                op.execute("CREATE TRIGGER trg BEFORE UPDATE ON a FOR EACH ROW "
                           "EXECUTE FUNCTION touch()")
                expect(tag + "trigger_missing after", h._migfix_trigger_missing("trg", "a"), False)
                op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
                expect(tag + "constraint_missing (exclude)",
                       h._migfix_constraint_missing("ex_a", "a"), True)
                op.create_exclude_constraint("ex_a", "a", ("x", "="))
                expect(tag + "constraint_missing (exclude) after",
                       h._migfix_constraint_missing("ex_a", "a"), False)
                expect(tag + "constraint_present (exclude, no type)",
                       h._migfix_constraint_present("ex_a", "a"), True)
                check_entities(h, op, tag)
            else:
                # alembic_utils is PostgreSQL only: elsewhere (SQLite, MariaDB)
                # the operation always runs.
                view = entity("PGView", schema="public", signature="v")
                expect(tag + "entity_missing", h._migfix_entity_missing(view), True)
                expect(tag + "entity_present", h._migfix_entity_present(view), True)
    engine.dispose()


def entity(kind, **attributes):
    """An object shaped like an alembic_utils entity: the helper reads only
    its class name and its schema, signature and on_entity attributes."""
    return type(kind, (), attributes)()


def check_entities(h, op, tag):
    """create_entity is skipped only when the entity is certainly there, and
    drop_entity only when it is certainly not: anything else runs, as the
    migration would."""
    def both(label, item, missing, present):
        expect(tag + "entity_missing " + label, h._migfix_entity_missing(item), missing)
        expect(tag + "entity_present " + label, h._migfix_entity_present(item), present)

    upper = entity("PGFunction", schema="public", signature="to_upper(some_text text)")
    both("function before", upper, True, False)
    op.execute("CREATE FUNCTION public.to_upper(some_text text) RETURNS text "
               "AS $$ SELECT upper(some_text) $$ LANGUAGE SQL")
    both("function after", upper, False, True)
    both("function, other spacing and case",
         entity("PGFunction", schema="public", signature="TO_UPPER( some_text  TEXT )"),
         False, True)
    # Another overload, or the same one spelt otherwise: cannot tell, so run.
    both("function, other arguments",
         entity("PGFunction", schema="public", signature="to_upper(n integer)"), True, True)
    both("function, other schema",
         entity("PGFunction", schema="audit", signature="to_upper(some_text text)"),
         True, False)
    both("function, no argument list",
         entity("PGFunction", schema="public", signature="to_upper"), True, True)

    view = entity("PGView", schema="public", signature="active_a")
    both("view before", view, True, False)
    op.execute("CREATE VIEW public.active_a AS SELECT * FROM a")
    both("view after", view, False, True)
    both("view named like a table", entity("PGView", schema="public", signature="a"),
         True, True)
    both("materialized view, a plain view of that name",
         entity("PGMaterializedView", schema="public", signature="active_a"), True, True)
    totals = entity("PGMaterializedView", schema="public", signature="a_totals")
    both("materialized view before", totals, True, False)
    op.execute("CREATE MATERIALIZED VIEW a_totals AS SELECT count(*) AS n FROM a")
    both("materialized view after", totals, False, True)

    both("trigger (made above)",
         entity("PGTrigger", schema="public", signature="trg", on_entity="public.a"), False, True)
    both("trigger absent",
         entity("PGTrigger", schema="public", signature="nope", on_entity="public.a"),
         True, False)
    both("trigger on another table",
         entity("PGTrigger", schema="public", signature="trg", on_entity="public.b"),
         True, False)
    policy = entity("PGPolicy", schema="public", signature="readers", on_entity="public.a")
    both("policy before", policy, True, False)
    op.execute("CREATE POLICY readers ON a USING (true)")
    both("policy after", policy, False, True)

    both("extension (made above)", entity("PGExtension", schema="public",
                                          signature="btree_gist"), False, True)
    both("extension absent", entity("PGExtension", schema="public", signature="hstore"),
         True, False)
    both("a kind with no lookup", entity("PGGrantTable", schema="public"), True, True)


# What the checks share; not checks themselves (no guard calls them).
SHARED = {"_migfix_inspector", "_migfix_entity_found", "_migfix_entity_name", "_migfix_skip",
          "_migfix_drift", "_migfix_named", "_migfix_type_name", "_migfix_type_family",
          "_migfix_batch_leftovers", "_migfix_index_catalog", "_migfix_finished", "_migfix_index_name", "_migfix_type_exists",
          "_migfix_rebuilt_indexes", "_migfix_finish_index", "_migfix_compare_column",
          "_migfix_finish_foreign_keys", "_migfix_declared_indexes", "_migfix_types_made"}


def run_offline(h, url, work):
    with environment(url, work, as_sql=True) as env:
        env.configure(url=url, as_sql=True)
        with Operations.context(env.get_context()):
            for name in dir(h):
                if name.startswith("_migfix_") and name not in SHARED:
                    fn = getattr(h, name)
                    args = [None] * len(inspect.signature(fn).parameters)
                    if name == "_migfix_revision_applied":
                        # Offline a revision is never skipped: the script holds all of it.
                        expect(f"offline: {name}", fn([("table", None, "t")]), False)
                    else:
                        expect(f"offline: {name}", fn(*args), True)


def main():
    recorder = LogRecorder()
    h = load_helpers(sys.argv[1])
    logged_checks(h, recorder)
    with tempfile.TemporaryDirectory() as work:
        run_checks(h, f"sqlite:///{work}/helpers.db", "sqlite", work)
        servers = {"postgresql": os.environ.get("MIGFIX_PG_URL"),
                   "mariadb": os.environ.get("MIGFIX_MARIADB_URL")}
        for dialect, server in servers.items():
            if server:
                run_checks(h, scratch_database(server, "helpers"), dialect, work)
        run_offline(h, "postgresql://nobody@127.0.0.1/offline", work)
    for failure in failures:
        print("FAIL -", failure)
    absent = [dialect for dialect, server in servers.items() if not server]
    print(f"e2e/helpers: {passes} passed, {len(failures)} failed" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
