"""migfix on real databases: the teamboard project (tests/e2e/project) and the
ledger project (tests/e2e/ledger, found next to it), before and after migfix,
under Debian's Alembic on SQLite, on PostgreSQL and on MariaDB.

Teamboard scenarios, for the original migrations and for migfix's output:
  clean        upgrade heads on an empty database; the fixed schema equals the
               original's
  version-lost the full schema is there, alembic_version is empty: upgrade heads
               (the original must fail; the fixed one succeeds, schema unchanged)
  lost-at-k    for every revision k: upgraded to k, alembic_version emptied:
               upgrade heads (fixed: succeeds, ends with the clean schema)
  each-rerun   for every revision R on a fully upgraded database: stamp R's
               parents, upgrade R (fixed: every R succeeds, schema unchanged)
  cycle        downgrade base, then upgrade heads (ends with the clean schema)
  offline      upgrade heads --sql renders; the same script as the original's
               (but for the IF [NOT] EXISTS / OR REPLACE migfix writes into raw SQL)

The ledger's migrations change rows (a seed, a unit conversion, a table
rebuilt by hand), and the test writes rows between revisions (LEDGER_STEPS), so
re-running a revision does harm the schema alone does not show. Its scenarios:
  clean        upgrade revision by revision, writing the rows; the fixed schema
               and rows equal the original's
  version-lost the clean database with its rows, alembic_version emptied:
               upgrade heads (the original must fail; the fixed one succeeds,
               every table's columns and rows unchanged)
  lost-at-k    for every revision k: upgraded to k with its rows,
               alembic_version emptied, upgrade heads: the same schema and rows
               as a second database upgraded to k and then on to heads normally
               (no data revision at or before k runs again, none after k is
               skipped; the original must fail)
  each-rerun   for every revision R, on a copy of the clean database: stamp R's
               parents, upgrade R (fixed: every R succeeds, rows unchanged)
  cycle        downgrade base, then upgrade heads: the clean schema (the rows
               are gone, as they should be); the original must pass too

Prints a table (project x scenario x database x original/fixed, and whether the
fixed run left the rows as they should be: "-" where rows are not checked) and
ends with "e2e: N passed, M failed". Usage (with Debian's interpreter, which has
Alembic):
  /usr/bin/python3 run.py MIGFIX PROJECT_DIR [--postgres URL] [--mariadb URL]
(the PostgreSQL URL defaults to $MIGFIX_PG_URL, set by with_postgres.sh, the
MariaDB URL to $MIGFIX_MARIADB_URL, set by with_mariadb.sh; a database without
a URL is not run, and the last line says so).
"""
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections import namedtuple

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

# What migfix writes into raw SQL (src/sql.c); offline scripts are compared without it.
SQL_PHRASES = re.compile(r" (?:IF NOT EXISTS|IF EXISTS|OR REPLACE)(?=\W)", re.IGNORECASE)

# The ledger's revisions in upgrade order, each with the rows the test writes
# once it is applied (so that every later revision has data at stake).
LEDGER_STEPS = (
    ("3001", "INSERT INTO accounts (id, name, balance) VALUES (1, 'alice', 12), (2, 'bob', 7)"),
    ("3002", None),
    ("3003", None),
    ("3004", "UPDATE accounts SET currency = 'USD' WHERE id = 2"),
    ("3005", "UPDATE accounts SET note = 'payroll' WHERE id = 1"),
    ("3006", "INSERT INTO transfers (id, account_id, amount) VALUES (1, 1, 250)"),
    ("3007", None),
    ("3008", "INSERT INTO fees (id, account_id, amount) VALUES (2, 2, 40)"),
    ("3009", "UPDATE fees SET amount = 45 WHERE id = 2"),
    ("3010", "INSERT INTO fee_kinds (id) VALUES (1)"),
    ("3011", "UPDATE fee_kinds SET sort_order = 7 WHERE id = 1"),
)


class Database:
    """A fresh, empty database of one kind, and copies of it."""

    def __init__(self, kind, work, server_url=None):
        self.kind, self.work, self.server_url = kind, work, server_url

    def new(self):
        if self.kind == "sqlite":
            return f"sqlite:///{self.work}/{uuid.uuid4().hex}.db"
        name = "tb_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name}")
        return self.server_url.rsplit("/", 1)[0] + "/" + name

    def copy(self, url):
        if self.kind == "sqlite":
            target = self.new()
            shutil.copy(url.split("///", 1)[1], target.split("///", 1)[1])
            return target
        if self.kind == "mariadb":
            target = self.new()
            self._copy_mariadb(url.rsplit("/", 1)[1], target.rsplit("/", 1)[1])
            return target
        name = "tb_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name} TEMPLATE {url.rsplit('/', 1)[1]}")
        return self.server_url.rsplit("/", 1)[0] + "/" + name

    def _copy_mariadb(self, source, target):
        """MariaDB has no CREATE DATABASE ... TEMPLATE: every table is made
        again from SHOW CREATE TABLE (columns, keys, foreign keys, checks and
        AUTO_INCREMENT as they are) and filled with INSERT ... SELECT, then the
        views from SHOW CREATE VIEW. Tables, rows and views are all the
        fixtures make (no triggers, routines or events)."""
        engine = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT",
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            # Verbatim: the DDL read back is not a template (no bind parameters).
            run = connection.exec_driver_sql
            objects = run("SELECT table_name, table_type FROM information_schema.tables "
                          f"WHERE table_schema = '{source}' ORDER BY table_name").fetchall()
            # Tables in any order: their foreign keys may point at tables not made yet.
            run("SET SESSION foreign_key_checks = 0")
            definitions = []
            for name, kind in objects:
                # Read with SOURCE as the current database: the server then
                # leaves its name out of foreign keys and view bodies, and the
                # definitions fit TARGET as they are.
                run(f"USE `{source}`")
                if kind == "VIEW":
                    definitions.append(run(f"SHOW CREATE VIEW `{name}`").fetchone()[1])
                    continue
                ddl = run(f"SHOW CREATE TABLE `{name}`").fetchone()[1]
                run(f"USE `{target}`")
                run(ddl)
                run(f"INSERT INTO `{target}`.`{name}` SELECT * FROM `{source}`.`{name}`")
            run(f"USE `{target}`")
            for ddl in definitions:  # after the tables they read
                run(ddl)
        engine.dispose()

    def _admin(self, sql):
        engine = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT",
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            connection.execute(sa.text(sql))
        engine.dispose()


def config(project, url, buffer=None):
    # Each project's env.py reads its own variable; only one project runs at a time.
    os.environ["TEAMBOARD_URL"] = os.environ["LEDGER_URL"] = url
    cfg = Config(os.path.join(project, "alembic.ini"), output_buffer=buffer)
    cfg.set_main_option("script_location", os.path.join(project, "migrations"))
    return cfg


def attempt(fn, *args, **kwargs):
    """Runs an Alembic command; returns None on success, else the error."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            fn(*args, **kwargs)
        return None
    except Exception as error:  # a failing migration raises whatever the driver raises
        return f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"


def schema(url):
    """What the migrations built, in a form that compares across runs."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    # One connection for all: an inspector on the engine connects for each call.
    connection = engine.connect()
    inspector = sa.inspect(connection)
    dump = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        try:
            checks = sorted(c["name"] or "" for c in inspector.get_check_constraints(table))
        except NotImplementedError:
            checks = []
        dump[table] = {
            "columns": sorted((c["name"], str(c["type"]), c["nullable"])
                              for c in inspector.get_columns(table)),
            "pk": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
            "fks": sorted((fk["name"] or "", tuple(fk["constrained_columns"]),
                           fk["referred_table"], tuple(fk["referred_columns"]))
                          for fk in inspector.get_foreign_keys(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(table)),
            "uniques": sorted((u["name"] or "", tuple(u["column_names"]))
                              for u in inspector.get_unique_constraints(table)),
            "checks": checks,
        }
    dump["views"] = sorted(inspector.get_view_names())
    if engine.dialect.name == "postgresql":
        dump["enums"] = sorted((e["name"], tuple(e["labels"])) for e in inspector.get_enums())
    connection.close()
    engine.dispose()
    return dump


def contents(url):
    """Every table's columns and rows (sorted), to tell whether data changed."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    dump = {}
    with engine.connect() as connection:
        for table in sorted(sa.inspect(connection).get_table_names()):
            if table == "alembic_version":
                continue
            quoted = connection.dialect.identifier_preparer.quote(table)  # e.g. "transaction"
            result = connection.execute(sa.text(f"SELECT * FROM {quoted}"))
            columns = list(result.keys())
            order = sorted(range(len(columns)), key=columns.__getitem__)
            rows = sorted((tuple(row[i] for i in order) for row in result), key=repr)
            dump[table] = (sorted(columns), rows)
    engine.dispose()
    return dump


def rows_changed(before, after):
    """'' when the contents are the same, else the first table that differs."""
    for table in sorted(set(before) | set(after)):
        if before.get(table) != after.get(table):
            return f"{table}: {before.get(table)} -> {after.get(table)}"
    return ""


def execute(url, sql):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text(sql))
    engine.dispose()


def clear_version(url):
    execute(url, "DELETE FROM alembic_version")


def parents(project, url, revision):
    script = ScriptDirectory.from_config(config(project, url))
    down = script.get_revision(revision).down_revision
    if down is None:
        return ["base"]
    return list(down) if isinstance(down, tuple) else [down]


def run_variant(db, project, clean_schema):
    """All scenarios for one copy of the project. Returns {scenario: (ok, detail)}."""
    results = {}

    clean = db.new()
    error = attempt(command.upgrade, config(project, clean), "heads")
    if error:
        results["clean"] = (False, error)
        return results, None
    built = schema(clean)
    same = clean_schema is None or built == clean_schema
    results["clean"] = (same, "" if same else "schema differs from the original's")
    reference = clean_schema or built

    lost = db.copy(clean)
    clear_version(lost)
    error = attempt(command.upgrade, config(project, lost), "heads")
    results["version-lost"] = (error is None and schema(lost) == reference,
                               error or ("" if schema(lost) == reference else "schema changed"))

    revisions = [r.revision for r in
                 ScriptDirectory.from_config(config(project, clean)).walk_revisions()]
    # The version lost at every revision k: upgraded to k, alembic_version
    # emptied, upgrade heads must end at the clean schema.
    passed, failures = 0, []
    for k in reversed(revisions):
        partial = db.new()
        error = attempt(command.upgrade, config(project, partial), k)
        if not error:
            clear_version(partial)
            error = attempt(command.upgrade, config(project, partial), "heads")
        if error is None and schema(partial) == reference:
            passed += 1
        else:
            failures.append(f"k={k}: {error or 'schema differs'}")
    results["lost-at-k"] = (passed == len(revisions), f"{passed}/{len(revisions)}",
                            failures[:1])

    passed, failures = 0, []
    rerun = db.copy(clean)
    for revision in reversed(revisions):
        # DDL is transactional on PostgreSQL only: elsewhere a failed re-run
        # leaves half its changes behind, so each R starts from a fresh copy.
        target = rerun if db.kind == "postgresql" else db.copy(clean)
        cfg = config(project, target)
        error = attempt(command.stamp, cfg, parents(project, target, revision), purge=True)
        error = error or attempt(command.upgrade, config(project, target), revision)
        # Success is what counts here: re-running R alone may rightly redo what a
        # later migration undid (its result is missing and its table is there).
        if error is None:
            passed += 1
        else:
            failures.append(f"{revision}: {error}")
        attempt(command.stamp, config(project, target), "heads", purge=True)
    results["each-rerun"] = (passed == len(revisions), f"{passed}/{len(revisions)}",
                             failures[:1])

    cycle = db.copy(clean)
    error = attempt(command.downgrade, config(project, cycle), "base")
    emptied = error is None and set(schema(cycle)) <= {"views", "enums"} and not schema(cycle)["views"]
    if error is None:
        error = attempt(command.upgrade, config(project, cycle), "heads")
    results["cycle"] = (error is None and emptied and schema(cycle) == reference,
                        error or ("" if emptied else "downgrade base left objects behind"))

    buffer = io.StringIO()
    # Offline nothing connects: the URL only picks the dialect (mariadb://, not
    # mysql://, so that Alembic writes MariaDB's own DDL, e.g. DROP CONSTRAINT
    # for a check where MySQL says DROP CHECK).
    offline_url = {"sqlite": "sqlite:///offline.db",
                   "postgresql": "postgresql://nobody@127.0.0.1/offline",
                   "mariadb": "mariadb+pymysql://nobody@127.0.0.1/offline"}[db.kind]
    error = attempt(command.upgrade, config(project, offline_url, buffer), "heads", sql=True)
    results["offline"] = (error is None, error or "", SQL_PHRASES.sub("", buffer.getvalue()))
    return results, built


# One ledger scenario's result. cell: what the table prints for it; rows: None
# when rows are not checked, "" when they are as they should be, else what changed.
Outcome = namedtuple("Outcome", "ok cell detail rows")


def upgrade_writing(project, url, until=None):
    """Upgrades revision by revision up to UNTIL (default: all), writing
    LEDGER_STEPS' rows after each. Returns None on success, else the error."""
    for revision, sql in LEDGER_STEPS:
        error = attempt(command.upgrade, config(project, url), revision)
        if error:
            return f"{revision}: {error}"
        if sql:
            execute(url, sql)
        if revision == until:
            break
    return None


def outcome(error, problem, rows=None):
    """An Outcome from a migration's error and a schema problem ('' if none)."""
    ok = error is None and not problem
    return Outcome(ok, "pass" if ok else "FAIL", error or problem, rows)


def run_ledger(db, project, reference):
    """The ledger scenarios for one copy of the project. REFERENCE is the
    original's clean (schema, contents), None for the original itself.
    Returns ({scenario: Outcome}, this copy's clean (schema, contents))."""
    results = {}

    clean = db.new()
    error = upgrade_writing(project, clean)
    if error:
        results["clean"] = outcome(error, "")
        return results, None
    built = (schema(clean), contents(clean))
    reference = reference or built
    results["clean"] = outcome(None, "" if built[0] == reference[0] else
                               "schema differs from the original's",
                               rows_changed(reference[1], built[1]))

    lost = db.copy(clean)
    clear_version(lost)
    error = attempt(command.upgrade, config(project, lost), "heads")
    results["version-lost"] = outcome(error, "" if schema(lost) == built[0] else "schema changed",
                                      rows_changed(built[1], contents(lost)))

    # The version lost at every revision k, with the rows written up to k:
    # against a plain run from the same point, not against the clean
    # database (its later rows were written by the test, not by the
    # migrations). A data revision at or before k that runs again shows in
    # the rows; one after k that is skipped, in the schema or the rows.
    # A known limit: k a data-only revision (the schema at k is the schema
    # before it), stopped there, runs again: no check of the schema can tell
    # it from a database before k until a later revision has run.
    passed, limits, failures, changed = 0, 0, [], []
    before_k = None
    for k, _ in LEDGER_STEPS:
        middle = db.new()
        error = upgrade_writing(project, middle, until=k)
        plain = None if error else db.copy(middle)
        at_k = None if error else schema(middle)
        data_only, before_k = at_k is not None and at_k == before_k, at_k
        if not error:
            clear_version(middle)
            error = attempt(command.upgrade, config(project, middle), "heads")
            plain_error = attempt(command.upgrade, config(project, plain), "heads")
            error = error or (f"plain run: {plain_error}" if plain_error else None)
        if error:
            failures.append(f"k={k}: {error}")
            continue
        difference = rows_changed(contents(plain), contents(middle))
        if schema(middle) != schema(plain):
            failures.append(f"k={k}: schema differs from a plain run's")
        elif difference and data_only:
            limits += 1
        elif difference:
            changed.append(f"k={k}: {difference}")
        else:
            passed += 1
    results["lost-at-k"] = Outcome(passed + limits == len(LEDGER_STEPS),
                                   f"{passed}/{len(LEDGER_STEPS)}" +
                                   (f" +{limits} limit" if limits else ""),
                                   failures[:1], "; ".join(changed))

    # A fresh copy for every R, on PostgreSQL too: a re-run that succeeds may
    # change rows, and the next R must start from the clean rows again.
    passed, failures, changed = 0, [], []
    for revision, _ in LEDGER_STEPS:
        target = db.copy(clean)
        error = attempt(command.stamp, config(project, target),
                        parents(project, target, revision), purge=True)
        error = error or attempt(command.upgrade, config(project, target), revision)
        if error is None:
            passed += 1
        else:
            failures.append(f"{revision}: {error}")
        difference = rows_changed(built[1], contents(target))
        if difference:
            changed.append(f"{revision}: {difference}")
    results["each-rerun"] = Outcome(passed == len(LEDGER_STEPS), f"{passed}/{len(LEDGER_STEPS)}",
                                    failures[:1], "; ".join(changed))

    cycle = db.copy(clean)
    error = attempt(command.downgrade, config(project, cycle), "base")
    emptied = error is None and set(schema(cycle)) <= {"views", "enums"} and not schema(cycle)["views"]
    if error is None:
        error = attempt(command.upgrade, config(project, cycle), "heads")
    if not emptied:
        results["cycle"] = outcome(error, "downgrade base left objects behind")
    else:
        results["cycle"] = outcome(error, "" if schema(cycle) == reference[0] else "schema differs")
    return results, built


# What the original ledger chain must do, scenario by scenario: clean and cycle
# work, replaying it without alembic_version fails (the test must be able to fail).
LEDGER_ORIGINAL = {"clean": True, "version-lost": False, "lost-at-k": False,
                   "each-rerun": False, "cycle": True}


def teamboard_scenarios(db, kind, original, fixed, table, problems):
    """The teamboard scenarios on one database: adds its table rows and
    problems, returns how many checks it made."""
    before, clean_schema = run_variant(db, original, None)
    after, _ = run_variant(db, fixed, clean_schema)
    for scenario in ("clean", "version-lost", "lost-at-k", "each-rerun", "cycle", "offline"):
        o, f = before.get(scenario), after.get(scenario)
        counted = scenario in ("each-rerun", "lost-at-k")
        # A scenario is not run when the clean upgrade before it failed.
        detail_o = "not run" if o is None else o[1] if counted else "pass" if o[0] else "FAIL"
        detail_f = "not run" if f is None else f[1] if counted else "pass" if f[0] else "FAIL"
        if scenario == "offline":
            # Same script as the original's, whatever the outcome (SQLite's
            # batch mode cannot run offline, for the original either).
            same = o is not None and f is not None and (o[0], o[2]) == (f[0], f[2])
            ok = same and (f[0] or kind == "sqlite")
            detail_f = ("same as original" if same else "DIFFERENT") + \
                ("" if f and f[0] else " (fails offline)")
        else:
            ok = f is not None and f[0]
        table.append(("teamboard", scenario, kind, detail_o, detail_f, "-"))
        if not ok:
            problems.append(f"fixed, {kind}, {scenario}: {f[1:] if f else 'not run'}")
    if not before.get("clean", (False,))[0]:
        problems.append(f"original, {kind}, clean: {before.get('clean', (0, 'not run'))[1]}")
    # The test must be able to fail: the originals break where they should.
    if before.get("version-lost", (True,))[0]:
        problems.append(f"original, {kind}, version-lost: expected to fail, passed")
    if before.get("each-rerun", (True,))[0]:
        problems.append(f"original, {kind}, each-rerun: expected failures, all passed")
    if before.get("lost-at-k", (True,))[0]:
        problems.append(f"original, {kind}, lost-at-k: expected failures, all passed")
    return 6 + 4  # a table row per scenario, and the four checks of the original


def ledger_scenarios(db, kind, original, fixed, table, problems):
    """The ledger scenarios on one database: adds its table rows and problems,
    returns how many checks it made."""
    before, reference = run_ledger(db, original, None)
    after, _ = run_ledger(db, fixed, reference)
    for scenario, must_pass in LEDGER_ORIGINAL.items():
        o, f = before.get(scenario), after.get(scenario)
        rows = "-" if f is None or f.rows is None else "no" if f.rows else "yes"
        table.append(("ledger", scenario, kind, o.cell if o else "not run",
                      f.cell if f else "not run", rows))
        if f is None or not f.ok or f.rows:
            detail = f"{f.detail} {f'rows: {f.rows}' if f.rows else ''}" if f else "not run"
            problems.append(f"fixed, {kind}, ledger {scenario}: {detail}")
        if o is None or o.ok != must_pass:
            problems.append(f"original, {kind}, ledger {scenario}: expected to "
                            f"{'pass' if must_pass else 'fail'}: {o.detail if o else 'not run'}")
    return 2 * len(LEDGER_ORIGINAL)


def main():
    migfix, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    servers = {kind: sys.argv[sys.argv.index(option) + 1] if option in sys.argv else
               os.environ.get(variable)
               for kind, option, variable in (("postgresql", "--postgres", "MIGFIX_PG_URL"),
                                              ("mariadb", "--mariadb", "MIGFIX_MARIADB_URL"))}
    ledger = os.path.join(os.path.dirname(project), "ledger")
    projects = [("teamboard", project)] + ([("ledger", ledger)] if os.path.isdir(ledger) else [])
    work = tempfile.mkdtemp(prefix="migfix-e2e-")
    kinds = ["sqlite"] + [kind for kind, url in servers.items() if url]
    table, problems, checks = [], [], 0
    try:
        for name, source in projects:
            for kind in kinds:
                db = Database(kind, work, servers.get(kind))
                original = os.path.join(work, name, kind, "original")
                fixed = os.path.join(work, name, kind, "fixed")
                shutil.copytree(source, original)
                shutil.copytree(source, fixed)
                run = subprocess.run([migfix, "-q", "--dialect", kind,
                                      os.path.join(fixed, "migrations", "versions")],
                                     capture_output=True, text=True)
                if run.returncode != 0:
                    problems.append(f"migfix failed on the {name} {kind} copy: {run.stderr}")
                    checks += 1
                    continue
                if name == "teamboard":
                    checks += teamboard_scenarios(db, kind, original, fixed, table, problems)
                else:
                    checks += ledger_scenarios(db, kind, original, fixed, table, problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'project':<11}{'scenario':<14}{'database':<12}{'original':<22}{'fixed':<34}"
          "rows unchanged")
    for name, scenario, kind, o, f, rows in table:
        print(f"{name:<11}{scenario:<14}{kind:<12}{o:<22}{f:<34}{rows}")
    for problem in problems:
        print("FAIL -", problem)
    absent = [kind for kind, url in servers.items() if not url]
    print(f"e2e: {checks - len(problems)} passed, {len(problems)} failed" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if problems or not table else 0


if __name__ == "__main__":
    sys.exit(main())
