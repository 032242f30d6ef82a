"""`migfix locate` on real databases: the teamboard and ledger projects on a
SQLite file, PostgreSQL and MariaDB, under Debian's Alembic.

lost-at-k   for every revision k: the ORIGINAL migrations upgraded to k,
            alembic_version emptied. locate must place the database at k, or
            at a set of schema-equal states that holds k (exit 1, --stamp
            refused); placed exactly (exit 0), `locate --stamp` writes k and the
            original migrations then upgrade it to heads and end at the schema of
            a clean upgrade.
Then, per database:
  drift         a column type changed by hand: reported (exit 1), still placed
  unknown       alembic_version names a revision no file declares: said, the
                command has --purge, --stamp writes over it, upgrade heads works
  not-this      a database of another chain: exit 2, "no revision matches"
  read-only     (PostgreSQL, MariaDB) a user who may only read: --stamp exits 2,
                says nothing changed, alembic_version stays empty
  password      (MariaDB; PostgreSQL's test server trusts every login) a wrong
                password: exit 2, and the password appears in no output

Prints one line per case and the share of revisions located exactly, and ends
with "e2e/locate: N passed, M failed".
Usage: /usr/bin/python3 locate.py MIGFIX TEAMBOARD_DIR LEDGER_DIR
       /usr/bin/python3 locate.py MIGFIX --projects DIR... [--kinds sqlite,postgresql,mariadb]
(the second form runs lost-at-k only, on any Alembic project whose env.py takes its URL
from $TEAMBOARD_URL: a scratch copy of a public chain, say)
(PostgreSQL and MariaDB from $MIGFIX_PG_URL and $MIGFIX_MARIADB_URL: with_postgres.sh,
with_mariadb.sh; a database without a URL is not run, and the last line says so.)
"""
import json
import re
import os
import subprocess
import sys
import tempfile

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import Database, attempt, config, execute, schema  # noqa: E402

passes, failures = 0, []


def expect(label, ok, detail=""):
    global passes
    if ok:
        passes += 1
    else:
        failures.append(f"{label}: {detail}")
        print(f"FAIL {label}: {detail}", flush=True)


def locate(migfix, project, url, *args):
    """Runs migfix locate in PROJECT; (exit status, JSON report or None, stderr)."""
    run = subprocess.run([migfix, "locate", "--url", url, "--format", "json", *args], cwd=project,
                         capture_output=True, text=True)
    try:
        report = json.loads(run.stdout) if run.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    return run.returncode, report, run.stderr + run.stdout


def revisions(project, url):
    """The revisions, parents first."""
    script = ScriptDirectory.from_config(config(project, url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def lost_at_k(migfix, db, kind, project, name, clean, tally):
    for k in revisions(project, "sqlite://"):
        url = db.new()
        cfg = config(project, url)
        error = attempt(command.upgrade, cfg, k)
        if error:
            expect(f"{name} {kind} k={k} upgrade", False, error)
            continue
        execute(url, "DELETE FROM alembic_version")
        code, report, output = locate(migfix, project, url)
        if not report:
            expect(f"{name} {kind} k={k} report", False, output[-400:])
            continue
        candidates = report["candidates"]
        tally["runs"] += 1
        if [k] not in candidates:
            expect(f"{name} {kind} k={k} placed", False, f"candidates {candidates}, "
                   f"drift {report['drift']}")
            continue
        if len(candidates) > 1:
            tally["sets"] += 1
            print(f"set {name} {kind} k={k}: " + " | ".join(" ".join(c) for c in candidates),
                  flush=True)
            expect(f"{name} {kind} k={k} set", code == 1 and report["status"] == "ambiguous",
                   f"exit {code}, {report['status']}")
            code, _, output = locate(migfix, project, url, "--stamp")
            expect(f"{name} {kind} k={k} set refuses --stamp",
                   code == 2 and "refused" in output, output[-300:])
            continue
        tally["exact"] += 1
        tally["exact_ks"].setdefault((name, kind), []).append(k)
        expect(f"{name} {kind} k={k} exact", code == 0 and report["status"] == "placed"
               and report["command"] == f"alembic stamp {k}",
               f"exit {code}, {report['status']}, {report['command']}, drift {report['drift']}")
        code, report, output = locate(migfix, project, url, "--stamp")
        expect(f"{name} {kind} k={k} --stamp", code == 0 and report["stamped"], output[-300:])
        error = attempt(command.upgrade, cfg, "heads")
        expect(f"{name} {kind} k={k} upgrade after stamp", error is None, error)
        if error is None:
            got = schema(url)
            expect(f"{name} {kind} k={k} clean schema", got == clean,
                   first_difference(clean, got))


def first_difference(want, got):
    for table in sorted(set(want) | set(got)):
        if want.get(table) != got.get(table):
            return f"{table}: {want.get(table)} != {got.get(table)}"
    return ""


def at_head(db, project):
    url = db.new()
    command.upgrade(config(project, url), "heads")
    return url


def special_cases(migfix, db, kind, project, clean, heads, exact):
    # Drift: a column of another type, made by hand.
    url = at_head(db, project)
    execute(url, "DELETE FROM alembic_version")
    if kind == "sqlite":
        # SQLite keeps a column's type only in its CREATE TABLE text.
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            run = connection.exec_driver_sql
            sql = run("SELECT sql FROM sqlite_master WHERE name = 'projects'").scalar()
            changed = re.sub(r'(\btitle"?\s+)VARCHAR\(200\)', r"\1INTEGER", sql)
            assert changed != sql, sql
            run("PRAGMA writable_schema = ON")
            run("UPDATE sqlite_master SET sql = ? WHERE name = 'projects'", (changed,))
        engine.dispose()
    elif kind == "postgresql":
        execute(url, "ALTER TABLE projects ALTER COLUMN title TYPE integer USING length(title)")
    else:
        execute(url, "ALTER TABLE projects MODIFY title INTEGER NOT NULL")
    code, report, output = locate(migfix, project, url)
    drift = [d for d in (report or {}).get("drift", [])
             if d["kind"] == "type" and d["name"] == "projects.title"]
    expect(f"{kind} drift", code == 1 and report["status"] in ("drift", "ambiguous") and drift,
           f"exit {code}: {output[-400:]}")
    expect(f"{kind} drift placed", report and heads in report["candidates"],
           report and report["candidates"])
    code, _, output = locate(migfix, project, url, "--stamp")
    expect(f"{kind} drift refuses --stamp", code == 2 and "drift" in output, output[-300:])

    # alembic_version names a revision no file declares.
    url = db.new()
    cfg = config(project, url)
    middle = exact[len(exact) // 2]  # one locate places exactly
    command.upgrade(cfg, middle)
    execute(url, "UPDATE alembic_version SET version_num = 'deadbeef0000'")
    code, report, output = locate(migfix, project, url)
    expect(f"{kind} unknown version", report and
           report["alembic_version"]["verdict"] == "unknown" and
           report["command"] == f"alembic stamp --purge {middle}", output[-400:])
    code, report, output = locate(migfix, project, url, "--stamp")
    expect(f"{kind} unknown version --stamp", code == 0, output[-300:])
    error = attempt(command.upgrade, cfg, "heads")
    expect(f"{kind} unknown version upgrade", error is None and schema(url) == clean, error)

    # A database of another chain.
    url = db.new()
    execute(url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    code, report, output = locate(migfix, project, url)
    expect(f"{kind} not this chain", code == 2 and report and report["status"] == "unmatched",
           f"exit {code}: {output[-300:]}")
    code, _, output = locate(migfix, project, url.replace("json", "json"), "--format", "text")
    expect(f"{kind} not this chain (text)", "no revision matches" in output, output[-300:])

    if kind == "sqlite":
        return
    # A user who may only read (at a revision locate places exactly).
    url = db.new()
    command.upgrade(config(project, url), middle)
    execute(url, "DELETE FROM alembic_version")
    name = url.rsplit("/", 1)[1]
    reader = "ro_" + os.urandom(3).hex()
    if kind == "postgresql":
        execute(url, f"CREATE ROLE {reader} LOGIN")
        execute(url, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}")
        ro_url = url.replace("://postgres@", f"://{reader}@")
    else:
        execute(url, f"CREATE USER '{reader}'@'%'")
        execute(url, f"GRANT SELECT ON `{name}`.* TO '{reader}'@'%'")
        ro_url = url.replace("://root@", f"://{reader}@")
    code, report, output = locate(migfix, project, ro_url)
    expect(f"{kind} read-only locates", code == 0 and report["candidates"] == [[middle]],
           f"exit {code}: {output[-300:]}")
    code, _, output = locate(migfix, project, ro_url, "--stamp")
    expect(f"{kind} read-only --stamp", code == 2 and "nothing was changed" in output,
           f"exit {code}: {output[-300:]}")
    versions = sa.create_engine(url).connect().execute(
        sa.text("SELECT count(*) FROM alembic_version")).scalar()
    expect(f"{kind} read-only left alembic_version", versions == 0, versions)

    if kind == "mariadb":
        user = "pw_" + os.urandom(3).hex()
        execute(url, f"CREATE USER '{user}'@'%' IDENTIFIED BY 'right-Secret-1'")
        wrong = url.replace("://root@", f"://{user}:wrong-Secret-2@")
        code, report, output = locate(migfix, project, wrong)
        expect(f"{kind} wrong password", code == 2 and "wrong-Secret-2" not in output,
               f"exit {code}: {output[-300:]}")


def main():
    migfix = os.path.abspath(sys.argv[1])
    public = sys.argv[2] == "--projects"
    kinds = ("sqlite", "postgresql", "mariadb")
    args = sys.argv[3:] if public else sys.argv[2:4]
    if public and "--kinds" in args:
        at = args.index("--kinds")
        kinds = tuple(args[at + 1].split(","))
        args = args[:at] + args[at + 2:]
    projects = [os.path.abspath(a) for a in args]
    servers = {"postgresql": os.environ.get("MIGFIX_PG_URL"),
               "mariadb": os.environ.get("MIGFIX_MARIADB_URL")}
    skipped = []
    tally = {"runs": 0, "exact": 0, "sets": 0, "exact_ks": {}}
    with tempfile.TemporaryDirectory() as work:
        for kind in kinds:
            if kind != "sqlite" and not servers[kind]:
                skipped.append(kind)
                continue
            db = Database(kind, work, servers.get(kind))
            names = ([os.path.basename(p) for p in projects] if public
                     else ["teamboard", "ledger"])
            for name, project in zip(names, projects):
                url = at_head(db, project)
                clean = schema(url)
                lost_at_k(migfix, db, kind, project, name, clean, tally)
            if not public:
                teamboard = projects[0]
                url = at_head(db, teamboard)
                script = ScriptDirectory.from_config(config(teamboard, url))
                special_cases(migfix, db, kind, teamboard, schema(url),
                              list(script.get_heads()),
                              tally["exact_ks"].get(("teamboard", kind), ["1001"]))
            print(f"{kind}: done", flush=True)
    print(f"located exactly: {tally['exact']} of {tally['runs']} "
          f"(a schema-equal set holding k: {tally['sets']})")
    if skipped:
        print("not run (no URL): " + ", ".join(skipped))
    print(f"e2e/locate: {passes} passed, {len(failures)} failed")
    return 1 if failures or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
