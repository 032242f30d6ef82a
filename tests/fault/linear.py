"""Counted work grows linearly: migfix-faults counts every step it asks
tree-sitter to take through a tree ("steps N" in MIGFIX_FAULT_LOG, see
fault.c), and a file (or chain) four times as large must cost at most five
times the steps. Nothing is timed, so a noisy machine cannot make it pass or
fail; a lookup that walks the function again per name (quadratic) fails it at
once (16x on the first shape before the bindings table).

Shapes, each at N and 4N:
  one-file  one upgrade of N blocks: a local table name, an inspector check
            through a local name (a hand guard), create_table assigned and
            seeded, add_column and create_index on the local name, raw SQL;
  chain     N revisions, each making a table and a column, in one versions
            directory (the chain stage, witnesses, drift);
and for each: --check, a fix in place, --check of the fixed files (the
verifier's and the planner's path on migfix's own guards), and --lint.

Usage: linear.py MIGFIX_FAULTS
"""
import os
import shutil
import subprocess
import sys
import tempfile

N = 100
LIMIT = 5.0


def one_file(n):
    lines = ['"""generated: N blocks"""', "from alembic import op", "import sqlalchemy as sa",
             "", 'revision = "g1"', "down_revision = None", "", "",
             "def upgrade():", "    insp = sa.inspect(op.get_bind())",
             "    names = insp.get_table_names()"]
    for i in range(n):
        lines += [
            f'    table_{i} = "t{i}"',
            f"    if table_{i} not in names:",
            f'        rows_{i} = op.create_table(table_{i}, sa.Column("id", sa.Integer))',
            f'        op.bulk_insert(rows_{i}, [{{"id": {i}}}])',
            f'    op.add_column(table_{i}, sa.Column("c{i}", sa.Integer))',
            f'    op.create_index("ix_{i}", table_{i}, ["c{i}"])',
            f'    op.execute("CREATE INDEX ix_raw_{i} ON t{i} (id)")',
            f'    op.execute("UPDATE t{i} SET c{i} = 1")',
        ]
    lines += ["", "", "def downgrade():", "    pass", ""]
    return {"g1.py": "\n".join(lines)}


def chain(n):
    files = {}
    for i in range(n):
        down = "None" if i == 0 else f'"r{i - 1}"'
        files[f"r{i}.py"] = "\n".join([
            f'"""revision {i}"""', "from alembic import op", "import sqlalchemy as sa", "",
            f'revision = "r{i}"', f"down_revision = {down}", "", "",
            "def upgrade():",
            f'    op.create_table("t{i}", sa.Column("id", sa.Integer, primary_key=True))',
            f'    op.add_column("t{i}", sa.Column("c", sa.Integer))',
            f'    op.execute("UPDATE t{i} SET c = 1")', "", "",
            "def downgrade():", f'    op.drop_table("t{i}")', ""])
    return files


def steps(migfix, work, args):
    log = os.path.join(work, "log")
    if os.path.exists(log):
        os.remove(log)
    env = dict(os.environ, MIGFIX_FAULT_LOG=log)
    env.pop("MIGFIX_FAULT_AT", None)
    run = subprocess.run([migfix, "--no-cache", "-q", "--jobs", "1"] + args,
                         env=env, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"linear: {' '.join(args)} exited {run.returncode}: {run.stderr[-500:]}")
    with open(log) as f:
        for line in f:
            if line.startswith("steps "):
                return int(line.split()[1])
    sys.exit("linear: no step count in the log")


def measure(migfix, shape, n):
    work = tempfile.mkdtemp(prefix="migfix-linear-")
    try:
        versions = os.path.join(work, "versions")
        os.makedirs(versions)
        for name, text in shape(n).items():
            with open(os.path.join(versions, name), "w") as f:
                f.write(text)
        out = {}
        out["check"] = steps(migfix, work, ["--check", versions])
        out["fix"] = steps(migfix, work, [versions])
        out["recheck"] = steps(migfix, work, ["--check", versions])
        out["lint"] = steps(migfix, work, ["--lint", versions])
        return out
    finally:
        shutil.rmtree(work)


def main():
    migfix = sys.argv[1]
    failed = 0
    for shape in (one_file, chain):
        small, large = measure(migfix, shape, N), measure(migfix, shape, 4 * N)
        for run in small:
            ratio = large[run] / max(small[run], 1)
            ok = ratio <= LIMIT
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} - {shape.__name__} {run}: {small[run]} steps at "
                  f"N={N}, {large[run]} at 4N: x{ratio:.2f} (at most x{LIMIT:g})")
    print(f"linear: {8 - failed} of 8 runs linear")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
