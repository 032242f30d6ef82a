#!/usr/bin/env bash
# Runs the example project's migrations with real Alembic (Debian's, under
# /usr/bin/python3) on a real SQLite file, before and after migfix:
#   1. clean upgrade: the fixed migrations build the same schema;
#   2. re-running a migration whose columns already exist (stamp its parent on
#      a fully upgraded database): the original fails, the fixed one succeeds
#      and leaves the schema as it was;
#   3. downgrade to base and upgrade again with the fixed migrations;
#   4. offline mode (--sql) renders the fixed migrations exactly like the
#      original ones.
# Usage: sqlite_smoke.sh MIGFIX EXAMPLE_DIR
set -euo pipefail
migfix=$1
example=$2
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$example" "$work/original"
cp -r "$example" "$work/fixed"
"$migfix" -q "$work/fixed/migrations/versions"

failures=0 passes=0
pass() { echo "ok   - $*"; passes=$((passes + 1)); }
fail() { echo "FAIL - $*"; failures=$((failures + 1)); }

# The default mode: the checks in one module next to env.py, loaded by path.
if [[ -f $work/fixed/migrations/migfix_helpers.py ]] &&
  grep -q '_migfix_shared("../migfix_helpers.py")' "$work"/fixed/migrations/versions/*.py; then
  pass "the fixed migrations load the shared helpers from migrations/migfix_helpers.py"
else
  fail "the fixed copy has no shared helper module"
fi

alembic() { # alembic VARIANT DB ARGS...: run from /, not the project (the
  # fixed migrations load their shared helpers by their own path)
  local variant=$1 db=$2
  shift 2
  (cd / && BOOKSHELF_DATABASE_URL="sqlite:///$work/$db" \
    "$py" -m alembic -c "$work/$variant/alembic.ini" "$@")
}

schema() { # the schema of DB, without alembic's own table
  "$py" - "$work/$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("select type, name, sql from sqlite_master "
                      "where name not like 'alembic%' and name not like 'sqlite_%' order by name"):
    print(*row, sep=" | ")
PY
}

# 1. Clean upgrade on an empty database.
alembic original original.db upgrade head
alembic fixed fixed.db upgrade head
if [[ $(schema original.db) == "$(schema fixed.db)" ]]; then
  pass "clean upgrade: fixed schema equals original schema"
else
  fail "clean upgrade: schemas differ"; diff <(schema original.db) <(schema fixed.db) || true
fi

# 2. Re-run 8a4e0b6c2d31 (adds books.isbn and books.price_cents) on a database
#    that already has its columns.
for variant in original fixed; do
  cp "$work/$variant.db" "$work/$variant-rerun.db"
  alembic "$variant" "$variant-rerun.db" stamp 3f1c2a7d9b10 >/dev/null 2>&1
  if alembic "$variant" "$variant-rerun.db" upgrade 8a4e0b6c2d31 >"$work/$variant-rerun.log" 2>&1; then
    echo "$variant: re-run succeeded" >>"$work/rerun.txt"
  else
    echo "$variant: re-run failed" >>"$work/rerun.txt"
  fi
done
if grep -q "original: re-run failed" "$work/rerun.txt" && grep -q "duplicate column" "$work/original-rerun.log"; then
  pass "re-run: the original fails (duplicate column), as it should"
else
  fail "re-run: the original was expected to fail with a duplicate column"; cat "$work/original-rerun.log"
fi
if grep -q "fixed: re-run succeeded" "$work/rerun.txt" && [[ $(schema fixed-rerun.db) == "$(schema fixed.db)" ]]; then
  pass "re-run: the fixed migration succeeds and leaves the schema unchanged"
else
  fail "re-run: the fixed migration failed or changed the schema"; cat "$work/fixed-rerun.log"
fi

# 3. Down to base and up again.
if alembic fixed fixed.db downgrade base && [[ -z $(schema fixed.db) ]] &&
   alembic fixed fixed.db upgrade head && [[ $(schema fixed.db) == "$(schema original.db)" ]]; then
  pass "cycle: downgrade base, upgrade head"
else
  fail "cycle: downgrade base / upgrade head"
fi

# 4. Offline rendering: every guard lets its operation through. SQLite's
#    batch mode cannot run offline at all (it must reflect the table), so the
#    script is rendered for PostgreSQL, which needs no server offline.
offline() { (cd "$work/$1" && BOOKSHELF_DATABASE_URL=postgresql://nobody@127.0.0.1/none \
  "$py" -m alembic -c alembic.ini upgrade head --sql); }
if offline original >"$work/original.sql" 2>"$work/offline-original.log" &&
   offline fixed >"$work/fixed.sql" 2>"$work/offline.log"; then
  if diff "$work/original.sql" "$work/fixed.sql" >/dev/null; then
    pass "offline: --sql renders exactly the original's script"
  else
    fail "offline: --sql output differs"; diff "$work/original.sql" "$work/fixed.sql" || true
  fi
else
  fail "offline: --sql failed"; cat "$work/offline-original.log" "$work/offline.log"
fi

echo "sqlite smoke: $passes passed, $failures failed"
exit $((failures > 0))
