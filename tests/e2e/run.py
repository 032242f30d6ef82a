"""migfix on real databases: the teamboard project (tests/e2e/project), before
and after migfix, under Debian's Alembic on SQLite and on PostgreSQL.

Scenarios, for the original migrations and for migfix's output:
  clean        upgrade heads on an empty database; the fixed schema equals the
               original's
  version-lost the full schema is there, alembic_version is empty: upgrade heads
               (the original must fail; the fixed one succeeds, schema unchanged)
  partial      upgraded to a middle revision, alembic_version emptied: upgrade
               heads (fixed: succeeds, ends with the clean schema)
  each-rerun   for every revision R on a fully upgraded database: stamp R's
               parents, upgrade R (fixed: every R succeeds, schema unchanged)
  cycle        downgrade base, then upgrade heads (ends with the clean schema)
  offline      upgrade heads --sql renders; the same script as the original's
               (but for the IF [NOT] EXISTS / OR REPLACE migfix writes into raw SQL)

Prints a table (scenario x database x original/fixed) and ends with
"e2e: N passed, M failed". Usage (with Debian's interpreter, which has Alembic):
  /usr/bin/python3 run.py MIGFIX PROJECT_DIR [--postgres URL]
(the PostgreSQL URL defaults to $MIGFIX_PG_URL, set by with_postgres.sh).
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

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIDDLE = "1102"  # the partial scenario stops here
# What migfix writes into raw SQL (src/sql.c); offline scripts are compared without it.
SQL_PHRASES = re.compile(r" (?:IF NOT EXISTS|IF EXISTS|OR REPLACE)(?=\W)", re.IGNORECASE)


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
        name = "tb_" + uuid.uuid4().hex[:12]
        self._admin(f"CREATE DATABASE {name} TEMPLATE {url.rsplit('/', 1)[1]}")
        return self.server_url.rsplit("/", 1)[0] + "/" + name

    def _admin(self, sql):
        engine = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT",
                                  poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            connection.execute(sa.text(sql))
        engine.dispose()


def config(project, url, buffer=None):
    os.environ["TEAMBOARD_URL"] = url
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
    inspector = sa.inspect(engine)
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
    engine.dispose()
    return dump


def clear_version(url):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM alembic_version"))
    engine.dispose()


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

    partial = db.new()
    error = attempt(command.upgrade, config(project, partial), MIDDLE)
    if not error:
        clear_version(partial)
        error = attempt(command.upgrade, config(project, partial), "heads")
    results["partial"] = (error is None and schema(partial) == reference,
                          error or ("" if schema(partial) == reference else "schema differs"))

    revisions = [r.revision for r in
                 ScriptDirectory.from_config(config(project, clean)).walk_revisions()]
    passed, failures = 0, []
    rerun = db.copy(clean)
    for revision in reversed(revisions):
        target = db.copy(clean) if db.kind == "sqlite" else rerun  # SQLite DDL is not transactional
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
    offline_url = "sqlite:///offline.db" if db.kind == "sqlite" else \
        "postgresql://nobody@127.0.0.1/offline"
    error = attempt(command.upgrade, config(project, offline_url, buffer), "heads", sql=True)
    results["offline"] = (error is None, error or "", SQL_PHRASES.sub("", buffer.getvalue()))
    return results, built


def main():
    migfix, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    server = sys.argv[sys.argv.index("--postgres") + 1] if "--postgres" in sys.argv else \
        os.environ.get("MIGFIX_PG_URL")
    work = tempfile.mkdtemp(prefix="migfix-e2e-")
    kinds = ["sqlite"] + (["postgresql"] if server else [])
    table, problems = [], []
    try:
        for kind in kinds:
            db = Database(kind, work, server)
            original = os.path.join(work, kind, "original")
            fixed = os.path.join(work, kind, "fixed")
            shutil.copytree(project, original)
            shutil.copytree(project, fixed)
            run = subprocess.run([migfix, "-q", "--dialect", kind,
                                  os.path.join(fixed, "migrations", "versions")],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                problems.append(f"migfix failed on the {kind} copy: {run.stderr}")
                continue
            before, clean_schema = run_variant(db, original, None)
            after, _ = run_variant(db, fixed, clean_schema)
            for scenario in ("clean", "version-lost", "partial", "each-rerun", "cycle",
                             "offline"):
                o, f = before.get(scenario), after.get(scenario)
                detail_o = o[1] if scenario == "each-rerun" else ("pass" if o and o[0] else "FAIL")
                detail_f = f[1] if scenario == "each-rerun" else ("pass" if f and f[0] else "FAIL")
                table.append((scenario, kind, detail_o, detail_f))
                if scenario == "offline":
                    # Same script as the original's, whatever the outcome (SQLite's
                    # batch mode cannot run offline, for the original either).
                    same = o is not None and f is not None and (o[0], o[2]) == (f[0], f[2])
                    ok = same and (f[0] or kind == "sqlite")
                    table[-1] = (scenario, kind, detail_o,
                                 ("same as original" if same else "DIFFERENT") +
                                 ("" if f and f[0] else " (fails offline)"))
                else:
                    ok = f is not None and f[0]
                if not ok:
                    problems.append(f"fixed, {kind}, {scenario}: {f[1:] if f else 'not run'}")
            # The test must be able to fail: the originals break where they should.
            if before.get("version-lost", (True,))[0]:
                problems.append(f"original, {kind}, version-lost: expected to fail, passed")
            if before.get("each-rerun", (True,))[0]:
                problems.append(f"original, {kind}, each-rerun: expected failures, all passed")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'scenario':<14}{'database':<12}{'original':<22}{'fixed'}")
    for scenario, kind, o, f in table:
        print(f"{scenario:<14}{kind:<12}{o:<22}{f}")
    for problem in problems:
        print("FAIL -", problem)
    cells = len(table) + 2 * len(kinds)
    print(f"e2e: {cells - len(problems)} passed, {len(problems)} failed")
    return 1 if problems or not table else 0


if __name__ == "__main__":
    sys.exit(main())
