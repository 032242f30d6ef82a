"""Drift made visible: what migfix's checks say when they skip an object that
exists but differs from what the operation would make, on real databases.

Part 1 asks each check directly (the module `migfix --print-helpers` prints,
inside a real Alembic environment) against a database built by hand with drift
in it, on a SQLite file, on PostgreSQL when MIGFIX_PG_URL is set
(with_postgres.sh) and on MariaDB when MIGFIX_MARIADB_URL is set
(with_mariadb.sh). Every case is run three ways: plainly (the skip line at INFO, and
the drift warning exactly when the objects differ), with MIGFIX_STRICT=1 and
with `-x migfix=strict` (the drift is an exception that names it; an identical
object still passes).

Part 2 is what a user sees: `alembic init`, two migrations fixed by migfix,
`alembic upgrade head` on a SQLite database where a hand-made column differs,
then the same with `-x migfix=strict`.

Ends with "e2e/drift: N passed, M failed". Usage: /usr/bin/python3 drift.py MIGFIX
"""
import logging
import os
import subprocess
import sys
import tempfile

import sqlalchemy as sa
from alembic.operations import Operations

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import (LogRecorder, alembic_cli, environment, load_helpers,  # noqa: E402
                     scratch_database, script_location_from_here)

passes, failures = 0, []


def expect(label, ok, detail=""):
    global passes
    if ok:
        passes += 1
    else:
        failures.append(f"{label}: {detail}")


def code_type(dialect):
    """users.code's type: VARCHAR without a length where the database has
    one; MariaDB's VARCHAR needs a length."""
    return sa.String(30) if dialect == "mariadb" else sa.String()


def build_drifted(url, dialect):
    """The database a team made by hand: close to the migrations, not equal."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    meta = sa.MetaData()
    sa.Table("users", meta,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("age", sa.Text, nullable=True),
             sa.Column("name", sa.String(40), nullable=False),
             sa.Column("flag", sa.Boolean),
             sa.Column("score", sa.Float),
             sa.Column("seen", sa.DateTime),
             sa.Column("code", code_type(dialect)),
             sa.Index("ix_users_name", "name"),
             # MariaDB indexes a TEXT column by a prefix only (others ignore it).
             sa.Index("ix_users_age", "age", unique=True, mysql_length=10))
    sa.Table("orgs", meta,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("slug", sa.String(20)),
             sa.UniqueConstraint("slug", name="uq_orgs_slug"))
    sa.Table("members", meta,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("user_id", sa.Integer),
             sa.Column("org_id", sa.Integer),
             sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_members_user"))
    meta.create_all(engine)
    # Spelt by hand; PostgreSQL's pg_lsn and MariaDB's INET6 are types
    # SQLAlchemy 1.4 does not know.
    unknown = {"postgresql": ", l pg_lsn", "mariadb": ", l INET6"}.get(dialect, "")
    with engine.begin() as c:
        c.execute(sa.text("CREATE TABLE odd (id INTEGER PRIMARY KEY, v INT, "
                          "s CHARACTER VARYING(10), b BOOL%s)" % unknown))
    engine.dispose()


def cases(dialect):
    """(label, check name, args, kwargs, answer, drift message or None)."""
    users_age = ("users.age exists as TEXT NULL, the migration adds INTEGER NOT NULL")
    # How each database reflects a type: FLOAT is DOUBLE PRECISION on
    # PostgreSQL, INTEGER is int(11) on MariaDB.
    float_name = "DOUBLE PRECISION" if dialect == "postgresql" else "FLOAT"
    integer_name = "INTEGER(11)" if dialect == "mariadb" else "INTEGER"
    code_name = "VARCHAR(30)" if dialect == "mariadb" else "VARCHAR"  # see code_type
    both = [
        ("an absent column", "_migfix_column_missing", ("users", "email"),
         {"type_": sa.Integer, "nullable": False}, True, None),
        ("type and nullability differ", "_migfix_column_missing", ("users", "age"),
         {"type_": sa.Integer, "nullable": False}, False, users_age),
        ("nullability differs", "_migfix_column_missing", ("users", "name"),
         {"type_": sa.String(40), "nullable": True}, False,
         "users.name exists as VARCHAR(40) NOT NULL, the migration adds VARCHAR(40) NULL"),
        ("primary key differs", "_migfix_column_missing", ("users", "code"),
         {"type_": code_type(dialect), "primary_key": True}, False,
         f"users.code exists as {code_name} outside the primary key, the migration adds "
         f"{code_name} PRIMARY KEY"),
        ("the type family differs", "_migfix_column_missing", ("users", "score"),
         {"type_": sa.Integer}, False,
         f"users.score exists as {float_name}, the migration adds INTEGER"),
        ("the same primary key", "_migfix_column_missing", ("users", "id"),
         {"type_": sa.Integer, "primary_key": True}, False, None),
        ("String() against VARCHAR", "_migfix_column_missing", ("users", "code"),
         {"type_": sa.String()}, False, None),
        ("a length only differs", "_migfix_column_missing", ("users", "name"),
         {"type_": sa.String(80), "nullable": False}, False, None),
        ("Boolean as it reflects", "_migfix_column_missing", ("users", "flag"),
         {"type_": sa.Boolean(), "nullable": True}, False, None),
        ("Float as it reflects", "_migfix_column_missing", ("users", "score"),
         {"type_": sa.Float}, False, None),
        ("DateTime as it reflects", "_migfix_column_missing", ("users", "seen"),
         {"type_": sa.DateTime()}, False, None),
        ("no facts given", "_migfix_column_missing", ("users", "age"), {}, False, None),
        ("a table with the columns", "_migfix_table_missing", ("users",),
         {"columns": ["id", "age", "name"]}, False, None),
        ("a table with more columns", "_migfix_table_missing", ("orgs",),
         {"columns": ["id"]}, False, None),
        ("a table without a column", "_migfix_table_missing", ("orgs",),
         {"columns": ["id", "slug", "title"]}, False,
         "table orgs exists without title, which the migration creates"),
        ("an absent table", "_migfix_table_missing", ("teams",), {"columns": ["id"]}, True,
         None),
        ("the same index", "_migfix_index_missing", ("ix_users_name", "users", ["name"]),
         {"unique": False}, False, None),
        ("the same unique index", "_migfix_index_missing", ("ix_users_age", "users", ["age"]),
         {"unique": True}, False, None),
        ("index columns differ", "_migfix_index_missing",
         ("ix_users_name", "users", ["name", "age"]), {"unique": False}, False,
         "index ix_users_name on users exists as (name), the migration creates (name, age)"),
        ("index uniqueness differs", "_migfix_index_missing", ("ix_users_name", "users", ["name"]),
         {"unique": True}, False,
         "index ix_users_name on users exists as (name), the migration creates UNIQUE (name)"),
        ("an unnamed index, uniqueness differs", "_migfix_index_missing",
         (None, "users", ["age"]), {"unique": False}, False,
         "index ix_users_age on users exists as UNIQUE (age), the migration creates (age)"),
        ("the same unique constraint", "_migfix_unique_missing",
         ("uq_orgs_slug", "orgs", ["slug"]), {}, False, None),
        ("unique columns differ", "_migfix_unique_missing", ("uq_orgs_slug", "orgs", ["id"]),
         {}, False, "unique constraint uq_orgs_slug on orgs exists over (slug), the migration "
         "creates (id)"),
        ("the same foreign key", "_migfix_foreign_key_missing",
         ("fk_members_user", "members", "users", ["user_id"], ["id"]), {}, False, None),
        ("foreign key referent differs", "_migfix_foreign_key_missing",
         ("fk_members_user", "members", "orgs", ["org_id"], ["id"]), {}, False,
         "foreign key fk_members_user on members exists as (user_id) -> users (id), the "
         "migration creates (org_id) -> orgs (id)"),
    ]
    if dialect == "sqlite":  # one affinity: SQLite stores them alike
        both += [
            ("INTEGER against BIGINT", "_migfix_column_missing", ("users", "id"),
             {"type_": sa.BigInteger, "primary_key": True}, False, None),
            ("VARCHAR against TEXT", "_migfix_column_missing", ("users", "age"),
             {"type_": sa.String(3)}, False, None),
            ("INT by hand", "_migfix_column_missing", ("odd", "v"), {"type_": sa.Integer},
             False, None),
            ("CHARACTER VARYING by hand, reflected as TEXT", "_migfix_column_missing",
             ("odd", "s"), {"type_": sa.String(10)}, False, None),
            ("BOOL by hand", "_migfix_column_missing", ("odd", "b"), {"type_": sa.Boolean},
             False, None),
        ]
    else:
        both += [
            ("INTEGER against BIGINT", "_migfix_column_missing", ("users", "id"),
             {"type_": sa.BigInteger, "primary_key": True}, False,
             f"users.id exists as {integer_name} PRIMARY KEY, the migration adds BIGINT "
             "PRIMARY KEY"),
            ("VARCHAR against TEXT", "_migfix_column_missing", ("users", "age"),
             {"type_": sa.String(3)}, False,
             "users.age exists as TEXT, the migration adds VARCHAR(3)"),
            ("a type reflection does not know", "_migfix_column_missing", ("odd", "l"),
             {"type_": sa.String}, False, None),
        ]
    return both


def ask(h, recorder, url, work, mode, check, args, kwargs):
    """Runs one check in MODE (plain, env, x): its answer or the exception,
    with what it logged."""
    recorder.records.clear()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    if mode == "env":
        os.environ["MIGFIX_STRICT"] = "1"
    try:
        x_arguments = ["migfix=strict"] if mode == "x" else []
        with engine.connect() as connection, environment(url, work, x_arguments=x_arguments) as env:
            env.configure(connection=connection)
            with Operations.context(env.get_context()):
                try:
                    return getattr(h, check)(*args, **kwargs), None, list(recorder.records)
                except RuntimeError as error:
                    return None, str(error), list(recorder.records)
    finally:
        os.environ.pop("MIGFIX_STRICT", None)
        engine.dispose()


def run_checks(h, recorder, url, dialect, work):
    build_drifted(url, dialect)
    for label, check, args, kwargs, answer, drift in cases(dialect):
        tag = f"{dialect}: {label}"
        got, error, records = ask(h, recorder, url, work, "plain", check, args, kwargs)
        skips = [m for level, m in records if level == logging.INFO and "migfix: skip" in m]
        warnings = [m for level, m in records if level == logging.WARNING]
        expect(tag + ": answer", got is answer and error is None, f"got {got}, {error}")
        expect(tag + ": skip lines", len(skips) == (0 if answer else 1), skips)
        want = ["migfix: " + drift] if drift else []
        expect(tag + ": warnings", warnings == want, f"got {warnings}, wanted {want}")
        for mode in ("env", "x"):
            got, error, records = ask(h, recorder, url, work, mode, check, args, kwargs)
            if drift:
                expect(f"{tag}: strict ({mode}) raises", got is None and error ==
                       f"migfix: {drift} (strict mode)", f"got {got}, {error}")
            else:
                expect(f"{tag}: strict ({mode}) passes", got is answer and error is None,
                       f"got {got}, {error}")
            warnings = [m for level, m in records if level == logging.WARNING]
            expect(f"{tag}: strict ({mode}) warns nothing", not warnings, warnings)
    run_revision_guard(h, recorder, url, dialect, work)


def run_revision_guard(h, recorder, url, dialect, work):
    """A revision skipped whole still compares what it says of the columns
    it adds (compare=): its per-operation guards never run."""
    age = "users.age exists as TEXT NULL, revision ? adds INTEGER NOT NULL"
    for label, compare, drift in (
            ("a column of another type", [(None, "users", "age", sa.Integer, False)], age),
            ("the same column", [(None, "users", "name", sa.String(40), False)], None)):
        tag = f"{dialect}: revision guard, {label}"
        args, kwargs = ([("column", None, "users", "age")],), {"compare": compare}
        got, error, records = ask(h, recorder, url, work, "plain", "_migfix_revision_applied",
                                  args, kwargs)
        skips = [m for level, m in records if level == logging.INFO and "migfix: skip" in m]
        warnings = [m for level, m in records if level == logging.WARNING]
        expect(tag + ": skipped", got is True and error is None and len(skips) == 1,
               f"got {got}, {error}, {skips}")
        want = ["migfix: " + drift] if drift else []
        expect(tag + ": warnings", warnings == want, f"got {warnings}, wanted {want}")
        got, error, _ = ask(h, recorder, url, work, "x", "_migfix_revision_applied", args, kwargs)
        expect(tag + ": strict", (got is None and error == f"migfix: {drift} (strict mode)")
               if drift else (got is True and error is None), f"got {got}, {error}")


MIGRATIONS = {
    "0001_users.py": '''"""users

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
    )


def downgrade():
    op.drop_table("users")
''',
    "0002_profile.py": '''"""users get a profile

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer, nullable=True))
    op.add_column("users", sa.Column("nickname", sa.String(30), nullable=True))
    op.execute("UPDATE users SET nickname = name")


def downgrade():
    op.drop_column("users", "nickname")
    op.drop_column("users", "age")
''',
}


def run_alembic(work, *args):
    env = dict(os.environ, SQLALCHEMY_SILENCE_UBER_WARNING="1")
    env.pop("MIGFIX_STRICT", None)
    return alembic_cli(work, *args, env=env)


def run_upgrade(migfix, work):
    """A user's project: the upgrade of a database made by hand, where users.age
    is TEXT and nickname is not there yet."""
    project = os.path.join(work, "project")
    os.makedirs(project)
    init = run_alembic(project, "init", "migrations")
    expect("alembic init", init.returncode == 0, init.stderr)
    script_location_from_here(os.path.join(project, "alembic.ini"))
    versions = os.path.join(project, "migrations", "versions")
    for name, text in MIGRATIONS.items():
        with open(os.path.join(versions, name), "w") as f:
            f.write(text)
    fixed = subprocess.run([migfix, "--config", os.path.join(project, "alembic.ini"), versions],
                           capture_output=True, text=True)
    expect("migfix fixes the project", fixed.returncode == 0, fixed.stderr)
    for strict in (False, True):
        db = os.path.join(project, "strict.db" if strict else "drift.db")
        engine = sa.create_engine(f"sqlite:///{db}", poolclass=sa.pool.NullPool)
        with engine.begin() as c:
            c.execute(sa.text("CREATE TABLE users (id INTEGER PRIMARY KEY, "
                              "name VARCHAR(40) NOT NULL, age TEXT)"))
            c.execute(sa.text("INSERT INTO users (name, age) VALUES ('ada', 'thirty')"))
        url = ["-x", "migfix=strict"] if strict else []
        ini = os.path.join(project, "alembic.ini")
        with open(ini) as f:
            text = f.read()
        with open(ini, "w") as f:
            f.write("\n".join(f"sqlalchemy.url = sqlite:///{db}"
                              if line.startswith("sqlalchemy.url") else line
                              for line in text.split("\n")))
        run = run_alembic(project, *url, "upgrade", "head")
        with engine.connect() as c:
            version = c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            rows = c.execute(sa.text("SELECT name, age, nickname FROM users")).fetchall() \
                if not strict else None
        engine.dispose()
        log = run.stderr
        tag = "alembic upgrade head" + (" -x migfix=strict" if strict else "")
        drift = "users.age exists as TEXT NULL, the migration adds INTEGER NULL"
        expect(tag + ": skip 0001", "migfix: skip revision 0001: already applied (users "
               "exists)" in log, log)
        if not strict:
            print("--- what alembic upgrade head prints on the drifted database ---")
            print(log.rstrip())
            print("---")
            expect(tag + ": succeeds", run.returncode == 0 and version == "0002",
                   f"rc {run.returncode}, version {version}")
            expect(tag + ": skip line", "INFO  [alembic.runtime.migration] migfix: skip "
                   "add_column users.age: the column exists" in log, log)
            expect(tag + ": warning", "WARNI [alembic.runtime.migration] migfix: " + drift
                   in log, log)
            expect(tag + ": nickname added, rows kept", rows == [("ada", "thirty", "ada")], rows)
        else:
            expect(tag + ": fails", run.returncode != 0 and version in (None, "0001"),
                   f"rc {run.returncode}, version {version}")
            expect(tag + ": names the drift", f"RuntimeError: migfix: {drift} (strict mode)"
                   in log, log)


def main():
    migfix = sys.argv[1]
    recorder = LogRecorder()
    h = load_helpers(migfix)
    with tempfile.TemporaryDirectory() as work:
        run_checks(h, recorder, f"sqlite:///{work}/drift.db", "sqlite", work)
        servers = {"postgresql": os.environ.get("MIGFIX_PG_URL"),
                   "mariadb": os.environ.get("MIGFIX_MARIADB_URL")}
        for dialect, server in servers.items():
            if server:
                run_checks(h, recorder, scratch_database(server, "drift"), dialect, work)
        run_upgrade(migfix, work)
    for failure in failures:
        print("FAIL -", failure)
    absent = [dialect for dialect, server in servers.items() if not server]
    print(f"e2e/drift: {passes} passed, {len(failures)} failed" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
