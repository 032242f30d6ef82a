"""The revision guard that holds in one transaction, under real Alembic.

A revision that adds a column and then writes rows into it (not idempotent:
each run adds 100) is the last of its chain, so no later revision lends it a
witness, and its column does not show that the rows were written where a
revision can stop half way. migfix (the project's dialect PostgreSQL) gives it
a guard whose objects start with ("transaction",): the helper trusts the
column only where the upgrade runs in one transaction with transactional DDL.

For each database (a SQLite file; PostgreSQL and MariaDB when MIGFIX_PG_URL and
MIGFIX_MARIADB_URL are set, see with_postgres.sh): a clean run of the fixed
chain writes what the original writes; then, with alembic_version lost after
the original ran, `alembic upgrade head` over the fixed chain succeeds and
- on PostgreSQL skips the revision (its rows written once), also with
  transaction_per_migration=True;
- on SQLite and MariaDB does not skip it (its rows written again, as without
  the guard: what MF301 warns of there).

Ends with "e2e/one-transaction: N passed, M failed". Usage: python3 one_transaction.py MIGFIX
"""
import os
import subprocess
import sys
import tempfile

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import alembic_cli, scratch_database, script_location_from_here  # noqa: E402

passes, failures = 0, []


def expect(label, ok, detail=""):
    global passes
    if ok:
        passes += 1
    else:
        failures.append(f"{label}: {detail}")


MIGRATIONS = {
    "0001_accounts.py": '''"""accounts"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("accounts")
''',
    "0002_balance.py": '''"""a balance for every account, written once"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("accounts", sa.Column("balance", sa.Integer))
    op.execute("UPDATE accounts SET balance = COALESCE(balance, 0) + 100")


def downgrade():
    op.drop_column("accounts", "balance")
''',
}


def project(root, name, per_migration=False):
    path = os.path.join(root, name)
    os.makedirs(path)
    init = alembic(path, None, "init", "migrations")
    expect(f"{name}: alembic init", init.returncode == 0, init.stderr)
    script_location_from_here(os.path.join(path, "alembic.ini"))
    for file, text in MIGRATIONS.items():
        with open(os.path.join(path, "migrations", "versions", file), "w") as f:
            f.write(text)
    if per_migration:
        env = os.path.join(path, "migrations", "env.py")
        with open(env) as f:
            text = f.read()
        with open(env, "w") as f:
            f.write(text.replace("target_metadata=target_metadata",
                                 "target_metadata=target_metadata, "
                                 "transaction_per_migration=True"))
    return path


def alembic(path, url, *args):
    env = dict(os.environ, SQLALCHEMY_SILENCE_UBER_WARNING="1")
    if url:
        ini = os.path.join(path, "alembic.ini")
        with open(ini) as f:
            lines = f.read().split("\n")
        with open(ini, "w") as f:
            f.write("\n".join(f"sqlalchemy.url = {url}" if line.startswith("sqlalchemy.url")
                              else line for line in lines))
    return alembic_cli(path, *args, env=env)


def query(url, sql):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as c:
        rows = c.execute(sa.text(sql)).fetchall() if sql.lstrip().upper().startswith("SELECT") \
            else c.execute(sa.text(sql))
    engine.dispose()
    return rows


def scenario(dialect, url, original, fixed, tag):
    """Original to 0001, three accounts, original to head; the version lost;
    the fixed chain's upgrade head. Returns the balances and the log."""
    up = alembic(original, url, "upgrade", "0001")
    expect(f"{tag}: original to 0001", up.returncode == 0, up.stderr[-400:])
    query(url, "INSERT INTO accounts (id) VALUES (1), (2), (3)")
    up = alembic(original, url, "upgrade", "head")
    expect(f"{tag}: original to head", up.returncode == 0, up.stderr[-400:])
    query(url, "DELETE FROM alembic_version")
    run = alembic(fixed, url, "upgrade", "head")
    expect(f"{tag}: fixed upgrade head after the version was lost", run.returncode == 0,
           run.stderr[-600:])
    version = query(url, "SELECT version_num FROM alembic_version")
    expect(f"{tag}: at head", version == [("0002",)], version)
    return [b for (b,) in query(url, "SELECT balance FROM accounts ORDER BY id")], run.stderr


def main():
    migfix = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        original = project(work, "original")
        fixed = project(work, "fixed")
        per_migration = project(work, "per-migration", per_migration=True)
        for path in (fixed, per_migration):
            versions = os.path.join(path, "migrations", "versions")
            run = subprocess.run([migfix, "--dialect", "postgresql", versions],
                                 capture_output=True, text=True)
            expect(f"migfix fixes {os.path.basename(path)}", run.returncode == 0, run.stderr)
        with open(os.path.join(fixed, "migrations", "versions", "0002_balance.py")) as f:
            text = f.read()
        expect("the guard of 0002 holds in one transaction",
               '_migfix_revision_applied([("transaction",), ("column", None, "accounts", '
               '"balance")]' in text, text[-800:])
        servers = {"sqlite": f"sqlite:///{work}/db-%s.sqlite",
                   "postgresql": os.environ.get("MIGFIX_PG_URL"),
                   "mariadb": os.environ.get("MIGFIX_MARIADB_URL")}
        for dialect, server in servers.items():
            if not server:
                continue

            def fresh(name):
                return server % name if dialect == "sqlite" else scratch_database(server, name)

            # A clean run: the fixed chain writes what the original writes.
            url = fresh("clean")
            up = alembic(fixed, url, "upgrade", "0001")
            query(url, "INSERT INTO accounts (id) VALUES (1), (2), (3)")
            up = alembic(fixed, url, "upgrade", "head")
            balances = [b for (b,) in query(url, "SELECT balance FROM accounts ORDER BY id")]
            expect(f"{dialect}: a clean run writes the rows once", up.returncode == 0 and
                   balances == [100, 100, 100], f"{balances} {up.stderr[-400:]}")
            # The version lost after the original ran.
            balances, log = scenario(dialect, fresh("lost"), original, fixed, dialect)
            skipped = "migfix: skip revision 0002: already applied" in log
            if dialect == "postgresql":
                expect(f"{dialect}: 0002 skipped whole", skipped, log[-600:])
                expect(f"{dialect}: its rows written once", balances == [100, 100, 100],
                       balances)
                balances, log = scenario(dialect, fresh("per"), original, per_migration,
                                         dialect + ", transaction_per_migration")
                expect(f"{dialect}, transaction_per_migration: 0002 skipped whole",
                       "migfix: skip revision 0002: already applied" in log, log[-600:])
                expect(f"{dialect}, transaction_per_migration: rows written once",
                       balances == [100, 100, 100], balances)
            else:
                expect(f"{dialect}: 0002 not skipped (no one transaction)", not skipped,
                       log[-600:])
                expect(f"{dialect}: its rows written again, as without the guard",
                       balances == [200, 200, 200], balances)
    for failure in failures:
        print("FAIL -", failure)
    absent = [d for d, s in servers.items() if not s]
    print(f"e2e/one-transaction: {passes} passed, {len(failures)} failed" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
