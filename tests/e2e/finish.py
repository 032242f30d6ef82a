"""What the checks finish after a revision that stopped half way, against real
databases (issue 29): the states a stop between two statements leaves, made
by hand, then the check the re-run calls, then what is there.

  - the revision guard: all_of made, none_of gone;
  - indexes the inspector does not return (partial and expression ones) are
    found in the catalog; PostgreSQL's INVALID index is drift;
  - a primary key is found by its kind where the database keeps no name;
  - a batch rebuild's _alembic_tmp_<t> left behind: dropped when <t> is whole,
    renamed when it holds the only rows, kept when it has more rows;
  - add_column's foreign key made when the column is there without it;
  - create_table's declared indexes made when the table is there without
    them; its enum type, already there, not made again (PostgreSQL);
  - a table made with rows (seeds, a copy) that is there without them made
    again (MySQL, MariaDB, SQLite: the rows commit with the version row).

On a SQLite file, and on PostgreSQL and MariaDB when MIGFIX_PG_URL and
MIGFIX_MARIADB_URL are set (with_postgres.sh, with_mariadb.sh). Ends with
"e2e/finish: N passed, M failed".

Usage: /usr/bin/python3 finish.py MIGFIX
"""
import logging
import os
import sys
import tempfile
import warnings

import sqlalchemy as sa
from alembic.operations import Operations

from helpers import LogRecorder, environment, load_helpers, scratch_database

passes, failures = 0, []


def expect(label, got, want):
    global passes
    if got == want:
        passes += 1
    else:
        failures.append(f"{label}: got {got!r}, wanted {want!r}")


def warned(recorder, text):
    """Whether a warning that contains TEXT was logged since the last call."""
    found = any(level >= logging.WARNING and text in message
                for level, message in recorder.records)
    recorder.records.clear()
    return found


def rows(connection, table):
    return sorted(connection.execute(sa.text(f"SELECT * FROM {table}")).fetchall())


def fresh_command(op):
    """A new `alembic upgrade` command: the leftovers of batch rebuilds are
    looked at again by its first check."""
    op.get_context()._migfix_leftovers_seen = False


def run(h, url, dialect, work, recorder):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    tag = dialect + ": "
    with engine.connect() as connection, environment(url, work) as env:
        env.configure(connection=connection)
        with Operations.context(env.get_context()) as op:
            op.create_table("w", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("c", sa.Integer), sa.Column("name", sa.String(40)))
            fresh_command(op)

            # The revision guard: what the revision removes must be gone.
            applied = h._migfix_revision_applied
            op.create_table("old", sa.Column("id", sa.Integer, primary_key=True))
            expect(tag + "revision_applied, a removed table still there",
                   applied([("table", None, "w")], none_of=[("table", None, "old")]), False)
            op.drop_table("old")
            expect(tag + "revision_applied, the removed table gone",
                   applied([("table", None, "w")], none_of=[("table", None, "old")]), True)

            # Indexes the inspector leaves out.
            if dialect != "mariadb":  # MariaDB has neither partial nor expression indexes
                op.create_index("ix_w_part", "w", ["c"], sqlite_where=sa.text("c > 0"),
                                postgresql_where=sa.text("c > 0"))
                op.create_index("ix_w_lower", "w", [sa.text("lower(name)")])
                for name in ("ix_w_part", "ix_w_lower"):
                    expect(tag + f"index_missing {name}", h._migfix_index_missing(name, "w", ["c"]),
                           False)
                    expect(tag + f"index_present {name}", h._migfix_index_present(name, "w"), True)
                    expect(tag + f"revision_applied {name}",
                           applied([("index", None, "w", name)]), True)
                expect(tag + "index_missing, another name",
                       h._migfix_index_missing("ix_w_other", "w", ["c"]), True)
            if dialect == "postgresql":
                # What a failed CREATE INDEX CONCURRENTLY leaves: there, but INVALID.
                op.create_index("ix_w_broken", "w", ["name"])
                op.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = "
                           "'ix_w_broken'::regclass")
                recorder.records.clear()
                expect(tag + "index_missing, INVALID",
                       h._migfix_index_missing("ix_w_broken", "w", ["name"]), False)
                expect(tag + "index_missing, INVALID is a warning",
                       warned(recorder, "ix_w_broken on w exists but is INVALID"), True)
                os.environ["MIGFIX_STRICT"] = "1"
                try:
                    h._migfix_index_missing("ix_w_broken", "w", ["name"])
                    expect(tag + "index_missing, INVALID in strict mode", "no error", "an error")
                except RuntimeError as error:
                    expect(tag + "index_missing, INVALID in strict mode",
                           "INVALID" in str(error), True)
                finally:
                    del os.environ["MIGFIX_STRICT"]

            # A primary key, by its kind where the database keeps no name
            # (MariaDB: always PRIMARY; SQLite: none unless the SQL gives one).
            op.create_table("pk", sa.Column("a", sa.Integer, nullable=False, autoincrement=False),
                            sa.Column("b", sa.Integer, nullable=False),
                            sa.PrimaryKeyConstraint("a", name="pk_pk"))
            name = {"mariadb": "PRIMARY", "sqlite": "pk_pk", "postgresql": "pk_pk"}[dialect]
            expect(tag + "constraint_present, the primary key",
                   h._migfix_constraint_present(name, "pk", type_="primary"), True)
            # A key widened by a drop and a create (a batch runs both at its end).
            expect(tag + "primary_key_missing, replacing a narrower key",
                   h._migfix_primary_key_missing("pk", ["a", "b"], batch=True, replacing=True), True)
            expect(tag + "primary_key_missing, replacing: the key is over those columns",
                   h._migfix_primary_key_missing("pk", ["a"], batch=True, replacing=True), False)
            expect(tag + "constraint_present, replaced by the key there already",
                   h._migfix_constraint_present(name, "pk", type_="primary", replaced_by=["a"]),
                   False)
            expect(tag + "constraint_present, to be replaced by a wider key",
                   h._migfix_constraint_present(name, "pk", type_="primary", replaced_by=["a", "b"]),
                   True)
            if dialect == "mariadb":
                expect(tag + "constraint_present, PRIMARY without a type",
                       h._migfix_constraint_present("PRIMARY", "pk"), True)
                op.drop_constraint("PRIMARY", "pk", type_="primary")
                expect(tag + "constraint_present, no primary key left",
                       h._migfix_constraint_present("PRIMARY", "pk", type_="primary"), False)
                expect(tag + "primary_key_missing, after the drop",
                       h._migfix_primary_key_missing("pk", ["a", "b"]), True)
            if dialect == "postgresql":
                expect(tag + "constraint_present, another name",
                       h._migfix_constraint_present("pk_nope", "pk", type_="primary"), False)

            # Batch rebuilds stopped half way.
            for table, copy in (("lw", True), ("lr", False), ("lk", True)):
                op.create_table("_alembic_tmp_" + table, sa.Column("id", sa.Integer),
                                sa.Column("v", sa.Integer))
                op.execute(f"INSERT INTO _alembic_tmp_{table} (id, v) VALUES (1, 10), (2, 20)")
                if copy:
                    op.create_table(table, sa.Column("id", sa.Integer))
                    values = "(1), (2)" if table == "lw" else "(1)"
                    op.execute(f"INSERT INTO {table} (id) VALUES {values}")
            fresh_command(op)
            recorder.records.clear()
            h._migfix_table_missing("w")
            names = set(sa.inspect(connection).get_table_names())
            expect(tag + "batch leftovers: the unfinished copy dropped",
                   "_alembic_tmp_lw" in names or "lw" not in names, False)
            expect(tag + "batch leftovers: the copy that holds the rows renamed",
                   ("_alembic_tmp_lr" in names, rows(connection, "lr")), (False, [(1, 10), (2, 20)]))
            expect(tag + "batch leftovers: a copy with more rows kept",
                   ("_alembic_tmp_lk" in names, rows(connection, "lk")), (True, [(1,)]))
            expect(tag + "batch leftovers: logged",
                   warned(recorder, "migfix: renamed _alembic_tmp_lr to lr"), True)

            # add_column's foreign key, when the column is there without it.
            op.create_table("par", sa.Column("id", sa.Integer, primary_key=True))
            op.create_table("chi", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("pid", sa.Integer))
            key = sa.ForeignKey("par.id", ondelete="CASCADE")
            expect(tag + "column_missing with its key",
                   h._migfix_column_missing("chi", "pid", foreign_keys=[key]), False)
            fks = sa.inspect(connection).get_foreign_keys("chi")
            made = [(f["constrained_columns"], f["referred_table"], f["options"].get("ondelete"))
                    for f in fks]
            want = [] if dialect == "sqlite" else [(["pid"], "par", "CASCADE")]
            expect(tag + "column_missing made the foreign key (SQLite makes none)", made, want)
            expect(tag + "column_missing, the key made: nothing more",
                   (h._migfix_column_missing("chi", "pid", foreign_keys=[key]),
                    len(sa.inspect(connection).get_foreign_keys("chi"))), (False, len(want)))

            # add_column's index=True, when the column is there without it.
            expect(tag + "column_missing with its index",
                   h._migfix_column_missing("chi", "pid", index="unique"), False)
            expect(tag + "column_missing made the index",
                   [(i["name"], bool(i["unique"])) for i in sa.inspect(connection).get_indexes("chi")
                    if i["name"] == "ix_chi_pid"], [("ix_chi_pid", True)])

            # create_table's indexes, when the table is there without them.
            op.create_table("tix", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("customer", sa.String(40)), sa.Column("code", sa.String(9)))
            declared = ["customer", ("code", True), sa.Index("ix_tix_both", "id", "customer")]
            expect(tag + "table_missing with its indexes",
                   h._migfix_table_missing("tix", indexes=declared), False)
            indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                             for i in sa.inspect(connection).get_indexes("tix"))
            expect(tag + "table_missing made the indexes", indexes,
                   [("ix_tix_both", ("id", "customer"), False), ("ix_tix_code", ("code",), True),
                    ("ix_tix_customer", ("customer",), False)])

            # A seeded table left empty: its rows commit with the version row,
            # after CREATE TABLE did (not on PostgreSQL, where both go or stay).
            op.create_table("seeded", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("label", sa.String(9)))
            again = dialect != "postgresql"
            expect(tag + "table_missing, seeded and empty",
                   h._migfix_table_missing("seeded", seeded=["id", "label"]), again)
            expect(tag + "table_missing, seeded and empty: made again",
                   "seeded" in sa.inspect(connection).get_table_names(), not again)
            op.create_table("seeded2", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("label", sa.String(9)))
            op.execute("INSERT INTO seeded2 (id, label) VALUES (1, 'a')")
            expect(tag + "table_missing, seeded with its rows",
                   h._migfix_table_missing("seeded2", seeded=["id", "label"]), False)
            expect(tag + "table_missing, seeded with more columns than it makes",
                   h._migfix_table_missing("tix", seeded=["id"]), False)

            # An enum type made before its table, which was not.
            if dialect == "postgresql":
                op.execute("CREATE TYPE mood_w AS ENUM ('a', 'b')")
                expect(tag + "table_missing with its type there",
                       h._migfix_table_missing("tmood", types=[(None, "mood_w")]), True)
                op.create_table("tmood", sa.Column("m", sa.Enum("a", "b", name="mood_w")))
                expect(tag + "create_table, its type not made again",
                       "tmood" in sa.inspect(connection).get_table_names(), True)
    engine.dispose()


def main():
    # What the inspector cannot reflect is the point here, not news.
    warnings.filterwarnings("ignore", "Skipped unsupported reflection")
    recorder = LogRecorder()
    h = load_helpers(sys.argv[1])
    servers = {"postgresql": os.environ.get("MIGFIX_PG_URL"),
               "mariadb": os.environ.get("MIGFIX_MARIADB_URL")}
    with tempfile.TemporaryDirectory() as work:
        run(h, f"sqlite:///{work}/finish.db", "sqlite", work, recorder)
        for dialect, server in servers.items():
            if server:
                run(h, scratch_database(server, "finish"), dialect, work, recorder)
    for failure in failures:
        print("FAIL -", failure)
    absent = [dialect for dialect, server in servers.items() if not server]
    print(f"e2e/finish: {passes} passed, {len(failures)} failed" +
          (f" (not run on {', '.join(absent)}: no server URL)" if absent else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
