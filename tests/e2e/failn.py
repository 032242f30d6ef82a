"""Fail-at-N on real databases: every revision of the e2e fixture projects
stopped at each of its DDL statements in turn, then `alembic upgrade heads`
run again, before and after migfix.

For each project (teamboard in project/, ledger/, halfway/, all next to this
file), each database (SQLite as Alembic runs it, and SQLite and PostgreSQL with
autocommit, so that every statement that ran before the fault stays; MariaDB as
it is, where DDL commits by itself), the original migrations and migfix's output, each
revision R (in topological order) and each N from 1 to R's DDL count + 1:
  1. a database upgraded to R's parents, with the rows the test writes after
     each revision (the ledger's LEDGER_STEPS from run.py, HALFWAY_STEPS here);
  2. `upgrade R -x fail_at=N`: env.py refuses the N-th DDL statement (N = the
     count + 1: the alembic_version INSERT/UPDATE that records R, i.e. R
     stopped after its last statement); it must raise;
  3. `upgrade heads` without the fault: it must succeed and end with the same
     schema, index definitions, rows and alembic_version as the reference,
     `upgrade heads` from the same database of step 1 without any fault.
R's DDL count is what R ran, counted by env.py, on the upgrade that makes the
database of its children's step 1 (`-x fail_at=0` only counts). Alembic makes
a table's indexes (after create_table, after a batch rebuild) in the order of a
set of Index objects, which changes from run to run: the N-th statement may be
another index next time, and a count can move by one where only some orders
fail.

Any other Alembic project can be run the same way with --project-dir PATH:
a directory laid out like the fixtures (alembic.ini, migrations/ with
versions/ and an env.py that connects through faults.engine(context, config),
with this directory on sys.path, and takes its URL from sqlalchemy.url in
Alembic's config: failn.py sets it there). No rows are written between its revisions. With --project-dir, the
fixtures run only when named with --project.

The fixed chain must also build what the original builds (its reference for
every R equals the original's), and the original halfway chain must go down to
base and up again. Prints a table (project x database: original / fixed,
"re-runs that reached the reference / (R, N) pairs"; "+problems" when a chain
did not build as it should) and each failing pair with the first difference;
for the fixed chain also what the fault left (the same fault made again) and
migfix's lines in Alembic's log during the re-run. Ends with "fail-at-n: N
passed, M failed, L known limits" over the fixed chains' pairs and problems
(and the originals' problems: a fixture that does not build); exit 1 when M > 0.
The originals' failing pairs are expected: they show what the test can see. A
known limit (see known_limit) is a failed pair whose one difference is what no
check of the schema can tell, in a state only autocommit makes: it is listed
with its reason, and counted apart.

Usage (with Debian's interpreter, which has Alembic):
  /usr/bin/python3 failn.py MIGFIX [--postgres URL] [--mariadb URL]
                            [--project NAME]... [--project-dir PATH]...
                            [--database KIND]... [--jobs N]
(URLs default to $MIGFIX_PG_URL and $MIGFIX_MARIADB_URL, set by
with_postgres.sh and with_mariadb.sh; a database without one is not run.)
"""
import argparse
import collections
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  the e2e helpers: Database, config, attempt, schema, contents, execute

# The rows the test writes once a halfway revision is applied, so that a
# re-run has data at stake (the batch rebuild, the copy into notes, the wider key).
HALFWAY_STEPS = {
    "5001": ("INSERT INTO customers (id, email, region, name) VALUES "
             "(1, 'ann@example.com', 'north', 'Ann'), (2, 'bob@example.com', 'south', 'Bob')",),
    "5002": ("INSERT INTO orders (id, total, placed_on) VALUES "
             "(1, 250, '2024-01-20'), (2, 40, NULL)",
             "INSERT INTO memos (id, customer_id, body) VALUES "
             "(1, 1, 'call back'), (2, 2, 'by post')",
             "INSERT INTO prices (product_code, amount) VALUES ('A', 100), ('B', 250)"),
    "5003": ("UPDATE orders SET customer_id = id",),
    "5004": ("INSERT INTO shippers (id, name) VALUES (1, 'post')",
             "UPDATE orders SET shipper_id = 1 WHERE id = 1"),
    "5005": ("INSERT INTO orders (id, total, customer_id) VALUES (3, 99.50, 2)",),
    "5007": ("INSERT INTO notes (id, customer_id, body) VALUES (3, 1, 'paid')",),
    # Needs the wider primary key: ('A', 'EUR') is there.
    "5008": ("INSERT INTO prices (product_code, currency, amount) VALUES ('A', 'USD', 110)",),
}

# name, directory (next to this file), the variable its env.py reads, rows per revision
PROJECTS = (
    ("teamboard", "project", "TEAMBOARD_URL", {}),
    ("ledger", "ledger", "LEDGER_URL", {rev: (sql,) for rev, sql in run.LEDGER_STEPS if sql}),
    ("halfway", "halfway", "HALFWAY_URL", HALFWAY_STEPS),
)
KINDS = ("sqlite", "postgresql", "mariadb")
# How each database runs: MariaDB commits each DDL statement by itself; SQLite
# runs as Alembic runs it (DDL commits until a data statement opens a
# transaction) and with every statement committed on its own, as PostgreSQL
# is made to (autocommit).
MODES = (("sqlite", False), ("sqlite", True), ("postgresql", True), ("mariadb", False))

# What no check of the schema can tell, in a state that only autocommit makes
# (under Alembic a revision's rows commit with its alembic_version row):
# counted as a limit, not as a failure, when a pair's difference is exactly
# that. (A SQLite batch rebuild stopped after its RENAME was one too, until
# the chain could list the indexes it makes again: rebuilt=[...].)


def known_limit(r, rev, ddl, notes):
    """Why a failed pair is a known limit of autocommit, or None."""
    if not r.autocommit or len(notes) != 1:
        return None
    if not ddl and notes[0].startswith("rows."):
        return ("a data-only revision's rows committed before its alembic_version row: the "
                "schema cannot tell it from one not run")
    return None


class Run:
    """One project, one database kind, one copy of the migrations."""

    def __init__(self, db, project, variable, steps, autocommit):
        self.db, self.project, self.variable, self.steps = db, project, variable, steps
        self.autocommit = autocommit
        self.x = ("autocommit=1",) if autocommit else ()
        self.script = ScriptDirectory.from_config(run.config(project, "sqlite://"))
        self.order = [s.revision for s in reversed(list(self.script.walk_revisions()))]
        self.parents = {}
        for rev in self.order:
            down = self.script.get_revision(rev).down_revision
            self.parents[rev] = [] if down is None else \
                list(down) if isinstance(down, tuple) else [down]
        self.made = []  # every database made, dropped at the end

    def config(self, url, *x):
        cfg = run.config(self.project, url)
        cfg.set_main_option("sqlalchemy.url", url)  # where a --project-dir's env.py reads it
        if self.variable:
            os.environ[self.variable] = url  # run.config sets the first two projects' only
        cfg.cmd_opts = argparse.Namespace(x=list(self.x + x))
        return cfg

    def new(self, template=None):
        url = self.db.copy(template) if template else self.db.new()
        if self.db.kind == "sqlite" and not template:
            open(url.split("///", 1)[1], "wb").close()  # an empty database, to copy
        self.made.append(url)
        return url

    def drop(self, url):
        self.made.remove(url)
        if self.db.kind == "sqlite":
            os.remove(url.split("///", 1)[1])
        elif self.db.kind == "postgresql":
            self.db._admin(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")
        else:
            self.db._admin(f"DROP DATABASE `{url.rsplit('/', 1)[1]}`")

    def drop_all(self):
        for url in list(self.made):
            try:
                self.drop(url)
            except Exception:  # a leftover is removed with the server's directory
                pass

    def ancestry(self, rev):
        seen, todo = set(), [rev]
        while todo:
            r = todo.pop()
            if r not in seen:
                seen.add(r)
                todo.extend(self.parents[r])
        return seen

    def apply(self, url, rev, *x):
        """Upgrades URL by REV alone and writes its rows: None, else the error."""
        cfg = self.config(url, *x)
        return run.attempt(command.upgrade, cfg, rev) or self.write(url, rev), cfg

    def write(self, url, rev):
        """REV's rows: None, else the error (the fixed chain may not take them)."""
        for sql in self.steps.get(rev, ()):
            error = run.attempt(run.execute, url, sql)
            if error:
                return f"writing {rev}'s rows: {error}"
        return None


def catalog(url):
    """What run.schema() cannot see: every index as the database defines it
    (SQLAlchemy 1.4 leaves out expression indexes, and partial indexes' WHERE),
    the primary keys' names, and alembic_version."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        name = connection.dialect.name
        if name == "sqlite":
            rows = connection.execute(sa.text(
                "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' "
                "AND sql IS NOT NULL")).fetchall()
        elif name == "postgresql":
            rows = connection.execute(sa.text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema()")).fetchall()
        else:  # MariaDB has neither partial nor expression indexes: columns say it all
            rows = connection.execute(sa.text(
                "SELECT table_name, index_name, concat(IF(non_unique, '', 'UNIQUE '), "
                "group_concat(concat(column_name, coalesce(concat('(', sub_part, ')'), '')) "
                "ORDER BY seq_in_index)) FROM information_schema.statistics "
                "WHERE table_schema = database() GROUP BY table_name, index_name, non_unique"
            )).fetchall()
        inspector = sa.inspect(connection)
        tables = [t for t in inspector.get_table_names() if t != "alembic_version"]
        pk_names = {t: inspector.get_pk_constraint(t).get("name") for t in tables}
        versions = sorted(r[0] for r in connection.execute(
            sa.text("SELECT version_num FROM alembic_version"))) \
            if "alembic_version" in inspector.get_table_names() else []
    engine.dispose()
    # Quoting and spacing are not part of the definition.
    indexes = sorted((t, i, re.sub(r"\s+", " ", re.sub(r"[\"`]", "", d or "")).strip())
                     for t, i, d in rows if t != "alembic_version")
    return {"index definitions": indexes, "primary key names": pk_names,
            "alembic_version": versions}


def dump(url):
    with warnings.catch_warnings():
        # "Skipped unsupported reflection of expression-based index": catalog() has them.
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        return {"schema": run.schema(url), "catalog": catalog(url), "rows": run.contents(url)}


def short(value, width=150):
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def first_difference(expected, got, path=""):
    """'' when equal, else where the first difference is and what it is."""
    if expected == got:
        return ""
    if isinstance(expected, dict) and isinstance(got, dict):
        # Whole tables missing or left over first: they explain what follows.
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing or extra:
            return (f"{path.rstrip('.') or 'top'}: " + (f"missing {', '.join(map(str, missing))}"
                    if missing else "") + ("; " if missing and extra else "") +
                    (f"not expected {', '.join(map(str, extra))}" if extra else ""))
        for key in expected:  # in order: the schema before the rows
            found = first_difference(expected[key], got[key], f"{path}{key}.")
            if found:
                return found
    if isinstance(expected, list) and isinstance(got, list):
        missing = [v for v in expected if v not in got]
        extra = [v for v in got if v not in expected]
        if missing or extra:
            return (f"{path.rstrip('.')}: " + (f"missing {short(missing)}" if missing else "") +
                    ("; " if missing and extra else "") +
                    (f"not expected {short(extra)}" if extra else ""))
    return f"{path.rstrip('.')}: expected {short(expected)}, got {short(got)}"


class LogLines(logging.Handler):
    """migfix's lines in Alembic's log ("migfix: skip ..."), per re-run."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        message = record.getMessage()
        if message.startswith("migfix:"):
            self.lines.append(f"{record.levelname} {message}")


LOG = LogLines()


# One (R, N): the statement refused, whether the re-run reached the reference,
# else the first difference, migfix's log lines of the re-run, and (when
# explained) what the fault left behind.
Pair = collections.namedtuple("Pair", "rev n refused ok detail log left limit")


def fault(r, start, rev, n):
    """A copy of START upgraded by REV with the N-th DDL statement refused:
    (its URL, the statement refused or None, the upgrade's error or None)."""
    target = r.new(start)
    cfg = r.config(target, f"fail_at={n}")
    error = run.attempt(command.upgrade, cfg, rev)
    return target, cfg.attributes.get("fault"), error


def changes(before, after):
    """What changed between two dumps, table by table, briefly."""
    found = []
    old, new = before["schema"], after["schema"]
    for table in sorted(set(old) | set(new)):
        if table not in new:
            found.append(f"-{table}")
        elif table not in old:
            found.append(f"+{table}")
        elif isinstance(old[table], dict):
            for key in old[table]:
                gone = [v for v in old[table][key] if v not in new[table][key]]
                came = [v for v in new[table][key] if v not in old[table][key]]
                if gone or came:
                    found.append(f"{table}.{key}" + (f" -{short(gone, 100)}" if gone else "") +
                                 (f" +{short(came, 100)}" if came else ""))
        elif old[table] != new[table]:
            found.append(f"{table}: {short(old[table], 60)} -> {short(new[table], 60)}")
    for key in ("index definitions",):
        gone = [v[:2] for v in before["catalog"][key] if v not in after["catalog"][key]]
        came = [v[:2] for v in after["catalog"][key] if v not in before["catalog"][key]]
        if gone or came:
            found.append("indexes in the catalog" + (f" -{short(gone, 100)}" if gone else "") +
                         (f" +{short(came, 100)}" if came else ""))
    for table in sorted(set(before["rows"]) & set(after["rows"])):
        if before["rows"][table] != after["rows"][table]:
            counts = len(before["rows"][table][1]), len(after["rows"][table][1])
            found.append(f"rows of {table} changed" +
                         (f" ({counts[0]} -> {counts[1]})" if counts[0] != counts[1] else ""))
    versions = (before["catalog"]["alembic_version"], after["catalog"]["alembic_version"])
    found.append(f"alembic_version {versions[0]} -> {versions[1]}" if versions[0] != versions[1]
                 else f"alembic_version {versions[1]}")
    return found


def fail_at_n(r, reference=None, explain=False):
    """Every (R, N) of one copy of the migrations. REFERENCE: the original's
    references per R, to hold this copy's against. EXPLAIN: say what each
    fault that failed left behind. Returns (pairs, references, problems)."""
    pairs, references, problems = [], {}, []
    snapshots = {}  # R -> a database upgraded to R and its ancestors, with their rows
    differs = {}  # how this copy's clean chain differs from the original's -> from which R
    for rev in r.order:
        parents = r.parents[rev]
        if not parents:
            start = r.new()
        else:
            start = r.new(snapshots[parents[0]])
            done = r.ancestry(parents[0])
            for other in parents[1:]:
                for earlier in r.order:
                    if earlier in r.ancestry(other) and earlier not in done:
                        error, _ = r.apply(start, earlier)
                        if error:
                            problems.append(f"{rev}: upgrading to its parents: {earlier}: {error}")
                        done.add(earlier)

        # R once without a fault, counting its DDL: the start of its children.
        counted = r.new(start)
        error, cfg = r.apply(counted, rev, "fail_at=0")
        ddl = cfg.attributes.get("ddl", [])
        snapshots[rev] = counted
        if error:
            problems.append(f"{rev}: clean upgrade fails: {error}")
            continue

        target = r.new(start)
        error = run.attempt(command.upgrade, r.config(target), "heads")
        if error:
            problems.append(f"{rev}: clean upgrade heads from its parents fails: {error}")
            r.drop(target)
            continue
        references[rev] = dump(target)
        r.drop(target)
        if reference is not None and rev in reference:
            difference = first_difference(reference[rev], references[rev])
            if difference:
                differs.setdefault(difference, []).append(rev)

        before = None
        for n in range(1, len(ddl) + 2):
            target, refused, error = fault(r, start, rev, n)
            notes = []
            if refused is None:
                notes.append(f"the fault never fired ({error or 'upgrade succeeded'})")
            elif error is None or "InjectedFault" not in error:
                notes.append(f"the fault fired, but the upgrade ended with {error or 'success'}")
            del LOG.lines[:]
            error = run.attempt(command.upgrade, r.config(target), "heads")
            log = list(LOG.lines)
            if error:
                notes.append(f"re-run: {error}")
            else:
                difference = first_difference(references[rev], dump(target))
                if difference:
                    notes.append(difference)
            r.drop(target)
            left = None
            if notes and explain:
                # What the fault left, for the diagnosis: the same fault again.
                before = before or dump(start)
                target, _, _ = fault(r, start, rev, n)
                left = "; ".join(changes(before, dump(target))) or "nothing"
                r.drop(target)
            what = "the version record" if n == len(ddl) + 1 else " ".join(refused.split()) \
                if refused else "?"
            limit = known_limit(r, rev, ddl, notes)
            pairs.append(Pair(rev, n, what, not notes, "; ".join(notes), log, left, limit))
        r.drop(start)
    for difference, revs in differs.items():
        problems.append(f"upgrade heads from the parents of {', '.join(revs)} differs from the "
                        f"original's: {difference}")
    return pairs, references, problems


def cycle(r):
    """The original halfway chain goes down to base and up again: '' or what failed."""
    url = r.new()
    for rev in r.order:
        error, _ = r.apply(url, rev)
        if error:
            return f"upgrade {rev}: {error}"
    error = run.attempt(command.downgrade, r.config(url), "base")
    if error:
        return f"downgrade base: {error}"
    left = {k: v for k, v in run.schema(url).items() if k not in ("views", "enums") or v}
    if left:
        return f"downgrade base left {sorted(left)}"
    error = run.attempt(command.upgrade, r.config(url), "heads")
    return f"upgrade heads after downgrade base: {error}" if error else ""


def job(args):
    """One project on one database: both copies of its migrations."""
    migfix, name, directory, variable, steps, kind, autocommit, server, work = args
    logger = logging.getLogger("alembic.runtime.migration")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if LOG not in logger.handlers:
        logger.addHandler(LOG)
    warnings.simplefilter("ignore", sa.exc.SAWarning)
    began = time.monotonic()
    work = os.path.join(work, name, kind + ("-autocommit" if autocommit else ""))
    original, fixed = os.path.join(work, "original"), os.path.join(work, "fixed")
    shutil.copytree(os.path.join(HERE, directory), original)
    shutil.copytree(os.path.join(HERE, directory), fixed)
    out = {"name": name, "kind": kind, "autocommit": autocommit,
           "problems": {"original": [], "fixed": []}, "pairs": {}}
    fix = subprocess.run([migfix, "-q", "--dialect", kind,
                          os.path.join(fixed, "migrations", "versions")],
                         capture_output=True, text=True)
    if fix.returncode != 0:
        out["problems"]["fixed"].append(f"migfix failed: {fix.stderr.strip()}")
    db = run.Database(kind, work, server)
    reference = None
    for variant, project in (("original", original), ("fixed", fixed)):
        if variant == "fixed" and fix.returncode != 0:
            continue
        r = Run(db, project, variable, steps, autocommit)
        try:
            if variant == "original" and name == "halfway" and not autocommit:
                error = cycle(r)
                if error:
                    out["problems"]["original"].append(f"the chain's own cycle: {error}")
            pairs, references, problems = fail_at_n(r, reference, explain=variant == "fixed")
        except Exception:  # reported with the others, not the end of every other job
            out["problems"][variant].append("crashed: " + traceback.format_exc())
            continue
        finally:
            r.drop_all()
        reference = reference or references
        out["pairs"][variant] = pairs
        out["problems"][variant].extend(problems)
    out["seconds"] = time.monotonic() - began
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("migfix")
    parser.add_argument("--postgres", default=os.environ.get("MIGFIX_PG_URL"))
    parser.add_argument("--mariadb", default=os.environ.get("MIGFIX_MARIADB_URL"))
    parser.add_argument("--project", action="append", choices=[p[0] for p in PROJECTS])
    parser.add_argument("--project-dir", action="append", default=[], metavar="PATH",
                        help="another Alembic project laid out like the fixtures (repeatable)")
    parser.add_argument("--database", action="append", choices=KINDS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    wanted = args.project or ([] if args.project_dir else [p[0] for p in PROJECTS])
    projects = [p for p in PROJECTS if p[0] in wanted]
    # A project directory has no variable of its own (its env.py reads sqlalchemy.url) and no rows.
    projects += [(os.path.basename(os.path.abspath(d)), os.path.abspath(d), None, {})
                 for d in args.project_dir]
    names = [p[0] for p in projects]
    if len(set(names)) < len(names):
        parser.error(f"two projects of the same name: {', '.join(names)}")
    servers = {"sqlite": None, "postgresql": args.postgres, "mariadb": args.mariadb}
    kinds = [k for k in args.database or KINDS if k == "sqlite" or servers[k]]
    absent = [k for k in args.database or KINDS if k not in kinds]
    for kind in absent:
        option, wrapper = ("postgres", "with_postgres.sh") if kind == "postgresql" else \
            ("mariadb", "with_mariadb.sh")
        print(f"fail-at-n: {kind} not run: no URL (--{option}, or run under {wrapper})")
    work = tempfile.mkdtemp(prefix="migfix-failn-")
    migfix = os.path.abspath(args.migfix)
    jobs = [(migfix, name, directory, variable, steps, kind, autocommit, servers[kind], work)
            for name, directory, variable, steps in projects for kind, autocommit in MODES
            if kind in kinds]
    began = time.monotonic()
    try:
        if args.jobs > 1:
            # Largest first, so that the last job to start is a short one.
            jobs.sort(key=lambda j: (j[1] != "teamboard", j[5] == "sqlite"))
            with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=1) as pool:
                results = pool.map(job, jobs, chunksize=1)
        else:
            results = [job(j) for j in jobs]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results.sort(key=lambda o: (names.index(o["name"]), MODES.index((o["kind"], o["autocommit"]))))

    width = max(11, max(map(len, names)) + 2)
    print(f"{'project':<{width}}{'database':<24}{'original':<16}{'fixed':<24}seconds")
    passed = failed = limits = 0
    for o in results:
        cells = []
        for variant in ("original", "fixed"):
            pairs = o["pairs"].get(variant)
            limit = sum(not p.ok and p.limit is not None for p in pairs or ())
            cells.append("not run" if pairs is None else
                         f"{sum(p.ok for p in pairs)}/{len(pairs)}" +
                         (f" +{limit} limit" if limit and variant == "fixed" else "") +
                         ("" if not o["problems"][variant] else " +problems"))
        kind = o["kind"] + (", autocommit" if o["autocommit"] else "")
        print(f"{o['name']:<{width}}{kind:<24}{cells[0]:<16}{cells[1]:<24}{o['seconds']:.0f}")
    # The originals first: what the test sees without migfix; then what it still sees.
    for variant in ("original", "fixed"):
        for o in results:
            for problem in o["problems"][variant]:
                print(f"FAIL - {variant}, {o['name']}, {o['kind']}: {problem}")
            failed += len(o["problems"][variant])  # the original must build, too
            kind = o["kind"] + (", autocommit" if o["autocommit"] else "")
            for p in o["pairs"].get(variant, []):
                limited = not p.ok and p.limit is not None
                if variant == "fixed":
                    passed += p.ok
                    failed += not p.ok and not limited
                    limits += limited
                if p.ok:
                    continue
                label = "orig" if variant == "original" else "LIMIT" if limited else "FAIL"
                print(f"{label} - {variant}, {o['name']}, {kind}, {p.rev} N={p.n} "
                      f"(refused {short(p.refused, 90)}): {p.detail}")
                if limited and variant == "fixed":
                    print(f"         known limit: {p.limit}")
                if p.left:
                    print(f"         the fault left: {p.left}")
                for line in p.log:
                    print(f"         re-run: {line}")
    print(f"fail-at-n: {passed} passed, {failed} failed, {limits} known limits (the fixed "
          f"chains' re-runs; "
          f"{time.monotonic() - began:.0f} s)" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
