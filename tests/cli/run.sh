#!/usr/bin/env bash
# The command-line contract, checked the way a user would: exit codes, what
# lands on stdout and stderr, which files change and which stay
# byte-identical, that --diff output applies with git apply and patch -p1,
# and that --format json is one valid document with the documented fields.
# Usage: run.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
py=/usr/bin/python3
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$(dirname "$(realpath "$0")")/lib.sh"
cd "$work"

parses() { if "$py" -c 'import ast,sys; ast.parse(open(sys.argv[1],"rb").read())' "$2" 2>err.py; then ok "$1"; else not_ok "$1"; cat err.py; fi; }

migration() { # migration FILE: an unguarded migration
  cat >"$1" <<'PY'
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("t", sa.Column("name", sa.String(20)))
    op.execute("UPDATE t SET name = 'x'")


def downgrade():
    op.drop_column("t", "name")
    op.drop_table("t")
PY
}

# --- usage -------------------------------------------------------------------
expect "--version exits 0" 0 "$migfix" --version
has "--version prints the version" out "migfix 0."
expect "--help exits 0" 0 "$migfix" --help
has "--help documents exit status" out "exit status:"
expect "no PATH is a usage error" 2 "$migfix"
has "no PATH says so on stderr" err "no PATH given"
expect "unknown option is a usage error" 2 "$migfix" --frobnicate x.py
expect "--diff with --check is a usage error" 2 "$migfix" --diff --check x.py
expect "--format must be text or json" 2 "$migfix" --format xml x.py

# --- in place, fixpoint, --check ---------------------------------------------
migration m.py; cp m.py m.orig
chmod 640 m.py
expect "rewrite in place exits 0" 0 "$migfix" m.py
differ "the file was rewritten" m.orig m.py
parses "the rewritten file parses with CPython" m.py
has "the report names the fixed file" out "fixed m.py"
has "the report gives the reason an operation was left alone" out "m.py:11:5: op.execute: left alone: raw SQL: data statement (UPDATE)"
has "the report ends with a summary" out "4 guarded, 0 already guarded, 1 left alone"
[[ $(stat -c %a m.py) == 640 ]] && ok "permission bits are kept" || not_ok "permission bits changed to $(stat -c %a m.py)"
ls -a | grep -q migfix- && not_ok "a temporary file was left behind" || ok "no temporary file is left behind"
cp m.py m.fixed
expect "a second run exits 0" 0 "$migfix" m.py
same "a second run changes nothing" m.py m.fixed
has "a second run reports the guards as already there" out "0 guarded, 4 already guarded"
expect "--check on a fixed file exits 0" 0 "$migfix" --check m.py
cp m.orig n.py
expect "--check on an unfixed file exits 1" 1 "$migfix" --check n.py
same "--check writes nothing" n.py m.orig
has "--check says what would be fixed" out "would fix n.py"

# --- --diff ------------------------------------------------------------------
mkdir -p repo/versions && migration repo/versions/a1.py && (cd repo && git init -q && git add . && git -c user.email=t@t -c user.name=t commit -qm init)
(cd repo && "$migfix" --diff versions >../patch.diff 2>../diff.err); status=$?
[[ $status == 0 ]] && ok "--diff exits 0" || not_ok "--diff exited $status"
same "--diff writes nothing" repo/versions/a1.py m.orig
has "--diff output is a unified diff with a/ b/ prefixes" patch.diff "--- a/versions/a1.py"
has "--diff keeps the text report on stderr" diff.err "1 would be fixed"
(cd repo && git apply --check ../patch.diff) && ok "git apply accepts the diff" || not_ok "git apply rejects the diff"
cp -r repo repo2
(cd repo2 && patch -s -p1 <../patch.diff) && ok "patch -p1 applies the diff" || not_ok "patch -p1 failed"
same "the patched file equals the in-place result" repo2/versions/a1.py m.fixed

# --- JSON ----------------------------------------------------------------------
cp m.orig j.py
expect "--format json exits 0" 0 "$migfix" --format json j.py
"$py" - out <<'PY' && ok "JSON report has the documented shape" || not_ok "JSON report shape"
import json, sys
doc = json.load(open(sys.argv[1]))
f = doc["files"][0]
assert f["path"] == "j.py" and f["changed"] is True and f["error"] is None, f
ops = f["operations"]
assert [o["call"] for o in ops] == ["op.create_table", "op.add_column", "op.execute", "op.drop_column", "op.drop_table"], ops
assert ops[0] == {"line": 9, "column": 5, "call": "op.create_table", "status": "guarded", "reason": None}, ops[0]
assert ops[2]["status"] == "left-alone" and ops[2]["reason"] == "raw SQL: data statement (UPDATE)", ops[2]
s = doc["summary"]
assert (s["files"], s["changed"], s["errors"], s["guarded"], s["already-guarded"], s["left-alone"]) == (1, 1, 0, 4, 0, 1), s
PY
cp m.orig k.py
expect "--diff --format json exits 0" 0 "$migfix" --diff --format json k.py
"$py" - out <<'PY' && ok "with --diff the JSON carries the diff and stdout is only JSON" || not_ok "JSON with diff"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["files"][0]["diff"].startswith("--- a/k.py\n+++ b/k.py\n@@"), doc["files"][0]["diff"][:80]
PY

# --- bad input: reported with a position, exit 2, file untouched, others done --
mkdir bad && migration bad/good.py && cp bad/good.py good.orig
printf 'def upgrade():\n    op.drop_table("t"\n\nx = )\n' >bad/syntax.py && cp bad/syntax.py syntax.orig
printf 'x = 1\n\0\0\0' >bad/binary.py
printf '# caf\xe9\nop.drop_table("t")\n' >bad/latin1.py && cp bad/latin1.py latin1.orig
migration bad/readonly.py && chmod 444 bad/readonly.py && cp bad/readonly.py readonly.orig
ln -s good.py bad/link.py
expect "a directory with bad files exits 2" 2 "$migfix" bad bad/link.py does-not-exist.py
has "a syntax error is named with line:col" err "bad/syntax.py:2:"
has "a syntax error is blamed on the input" err "syntax error in the input"
has "a binary file is refused" err "bad/binary.py:2:1: error: binary file"
has "invalid UTF-8 is refused with its position" err "bad/latin1.py:1:6: error: invalid UTF-8"
has "a read-only file is refused" err "bad/readonly.py: error: read-only file"
has "a symbolic link is refused" err "bad/link.py: error: symbolic link"
has "a missing path is reported" err "does-not-exist.py: error: No such file or directory"
same "the syntax-error file is byte-identical" bad/syntax.py syntax.orig
same "the invalid UTF-8 file is byte-identical" bad/latin1.py latin1.orig
same "the read-only file is byte-identical" bad/readonly.py readonly.orig
differ "the good file next to them is still fixed" good.orig bad/good.py
has "the summary counts the errors" out "6 errors"
expect "--diff on a read-only file is fine" 0 "$migfix" --diff bad/readonly.py

# --- fidelity: BOM, CRLF, tabs, no final newline -----------------------------
"$py" - <<'PY'
src = ('from alembic import op\r\n\r\n\r\ndef upgrade():\r\n\top.drop_table("t")  # old\r\n'
       '\top.create_table(\r\n\t\t"u",\r\n\t)')
open("crlf.py", "wb").write(b"\xef\xbb\xbf" + src.encode())
PY
expect "a BOM + CRLF + tabs + no-final-newline file is fixed" 0 "$migfix" crlf.py
"$py" - <<'PY' && ok "BOM, CRLF, tabs and the missing final newline are kept" || not_ok "fidelity of crlf.py"
data = open("crlf.py", "rb").read()
assert data.startswith(b"\xef\xbb\xbf"), data[:10]
assert data.count(b"\n") == data.count(b"\r\n"), "mixed line endings"
assert not data.endswith(b"\n"), "a final newline was added"
assert b'\tif _migfix_table_present("t"):\r\n\t\top.drop_table("t")  # old\r\n' in data, data
assert b'\tif _migfix_table_missing("u"):\r\n\t\top.create_table(\r\n\t\t\t"u",\r\n\t\t)' in data, data
import ast; ast.parse(data.decode("utf-8-sig"))
PY

# --- PEP 263: a declared encoding is decoded, and written back in it -----------
printf '# -*- coding: latin-1 -*-\n# Caf\xe9\nfrom alembic import op\n\n\ndef upgrade():\n    op.drop_table("caf\xe9")\n' >latin.py
cp latin.py latin.orig
expect "a latin-1 migration is fixed in place" 0 "$migfix" latin.py
differ "the latin-1 file was rewritten" latin.orig latin.py
iconv -f latin1 -t utf8 latin.py >latin.utf8 && ok "the rewritten file is still latin-1" || not_ok "iconv cannot read latin.py as latin-1"
iconv -f utf8 -t utf8 latin.py >/dev/null 2>&1 && not_ok "latin.py was written as UTF-8" || ok "latin.py was not written as UTF-8"
"$py" - <<'PY' && ok "the latin-1 bytes are kept, the guard is in latin-1 too" || not_ok "latin-1 fidelity of latin.py"
data = open("latin.py", "rb").read()
assert data.startswith(b'# -*- coding: latin-1 -*-\n# Caf\xe9\nfrom alembic import op\n'), data[:60]
assert b'    if _migfix_table_present("caf\xe9"):\n        op.drop_table("caf\xe9")\n' in data, data
import ast; ast.parse(data)
PY
cp latin.py latin.fixed
expect "a second run on the latin-1 file exits 0" 0 "$migfix" latin.py
same "a second run on the latin-1 file changes nothing" latin.py latin.fixed
mkdir enc && migration enc/good.py && cp enc/good.py enc-good.orig
printf '# coding: klingon\nfrom alembic import op\n\n\ndef upgrade():\n    op.drop_table("t")\n' >enc/klingon.py
cp enc/klingon.py klingon.orig
expect "an unknown coding declaration is an error" 2 "$migfix" enc
has "the unknown encoding is named with its position" err 'enc/klingon.py:1:11: error: unknown encoding "klingon"'
same "the file declaring an unknown encoding is byte-identical" enc/klingon.py klingon.orig
differ "the other file in that run is still fixed" enc-good.orig enc/good.py
has "the summary counts one error" out "1 fixed, 0 unchanged, 1 error"
mkdir -p euro/guards && printf 'if _migfix_table_present({{table}}):  # \xe2\x82\xac\n' >euro/guards/table_present.tmpl
cp latin.orig latin-euro.py && migration euro-good.py && cp euro-good.py euro-good.orig
expect "a guard latin-1 cannot hold is an error" 2 "$migfix" --templates euro latin-euro.py euro-good.py
has "the error names the character and the encoding" err "latin-euro.py: error: the fixed text needs U+20AC (its line 206, column 42), which latin-1"
same "the latin-1 file is not written" latin-euro.py latin.orig
differ "the UTF-8 file in that run is still fixed" euro-good.orig euro-good.py
has "the UTF-8 file got the guard with the character" euro-good.py $'if _migfix_table_present("t"):  # \xe2\x82\xac'

# --- files without operations, directories ------------------------------------
mkdir -p tree/versions/__pycache__ tree/.hidden
printf '"""merge"""\nrevision = "m"\ndown_revision = ("a", "b")\n\n\ndef upgrade():\n    pass\n' >tree/versions/merge.py
cp tree/versions/merge.py merge.orig
migration tree/versions/__pycache__/cached.py; migration tree/.hidden/h.py; migration tree/versions/notes.txt
migration tree/versions/b2.py
expect "a directory is searched for *.py" 0 "$migfix" -v tree
same "a migration with no operations is byte-identical" tree/versions/merge.py merge.orig
has "-v reports guarded operations too" out "tree/versions/b2.py:9:5: op.create_table: guarded"
grep -q "__pycache__\|.hidden\|notes.txt" out && not_ok "skipped paths were processed" || ok "__pycache__, hidden directories and non-.py files are skipped"
migration q.py
expect "-q rewrites silently" 0 "$migfix" -q q.py
[[ ! -s out ]] && ok "-q prints nothing on stdout" || not_ok "-q printed: $(cat out)"

# --- templates and output errors ----------------------------------------------
mkdir -p house/guards && echo 'if _migfix_table_missing({{tabel}}):' >house/guards/table_missing.tmpl
migration t.py && cp t.py t.orig
expect "a bad --templates directory is an error" 2 "$migfix" --templates house t.py
has "the bad template is named" err "house/guards/table_missing.tmpl: invalid template: unknown placeholder"
same "no file is touched when a template is bad" t.py t.orig
if [[ -w /dev/full ]]; then
  expect "a failed write to stdout is an error" 2 sh -c "\"$migfix\" --diff t.py >/dev/full"
fi

# --- helper module, native style ------------------------------------------------
migration hm.py
expect "--helpers module:NAME" 0 "$migfix" --helpers module:app.guards hm.py
has "the helpers are imported from the module" hm.py "from app.guards import ("
has "the report says the module must be importable" out "import their checks from app.guards: it must be importable"
has "one name per line when the import is long" hm.py "    _migfix_column_present,"
grep -q "def _migfix_" hm.py && not_ok "helpers were defined inline" || ok "no helper is defined inline"
expect "--helpers with a bad module name is a usage error" 2 "$migfix" --helpers module:1bad x.py
expect "--print-helpers exits 0" 0 "$migfix" --print-helpers
"$py" - out "$(dirname "$(realpath "$0")")/../../templates/helpers" <<'PY' && ok "--print-helpers prints a module defining every check" || not_ok "--print-helpers module"
import ast, os, sys
names = {n.name for n in ast.parse(open(sys.argv[1]).read()).body if isinstance(n, ast.FunctionDef)}
checks = {"_migfix_" + f[:-3] for f in os.listdir(sys.argv[2]) if f != "prelude.py"}
# Every check's helper, the prelude's functions (inspector, skip log, drift
# report, names, batch leftovers, the index catalog, the log of what is
# finished), the lookup both entity checks share, the type and column comparison and what
# finishes a half-applied add_column or create_table.
shared = {"_migfix_inspector", "_migfix_skip", "_migfix_drift", "_migfix_named",
          "_migfix_batch_leftovers", "_migfix_index_catalog", "_migfix_finished", "_migfix_index_name", "_migfix_type_exists",
          "_migfix_rebuilt_indexes", "_migfix_finish_index", "_migfix_compare_column",
          "_migfix_entity_found", "_migfix_entity_name", "_migfix_type_name", "_migfix_type_family",
          "_migfix_finish_foreign_keys", "_migfix_declared_indexes", "_migfix_types_made"}
assert names == checks | shared, names ^ (checks | shared)
PY
migration nat.py
expect "--style native without --alembic-version is a usage error" 2 "$migfix" --style native nat.py
has "it says what is missing" err "needs --alembic-version"
expect "--style native --alembic-version 1.13.3" 0 "$migfix" -q --style native --alembic-version 1.13.3 nat.py
has "create_table gets if_not_exists=True from 1.13.3" nat.py 'op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), if_not_exists=True)'
has "add_column keeps an inspector guard before 1.16.0" nat.py 'if _migfix_column_missing("t", "name", type_=sa.String(20)):'
cp nat.py nat.fixed
expect "a second native run changes nothing" 0 "$migfix" -q --style native --alembic-version 1.13.3 nat.py
same "native output is a fixpoint" nat.py nat.fixed
expect "--alembic-version must be X.Y.Z" 2 "$migfix" --style native --alembic-version 1.x nat.py

# --- raw SQL dialect: --dialect, else the nearest alembic.ini ---------------------
mkdir -p proj/sub/versions
printf '[alembic]\nscript_location = sub\nsqlalchemy.url = sqlite:///app.db\n' >proj/alembic.ini
printf 'from alembic import op\n\n\ndef upgrade():\n    op.execute("ALTER TABLE t ADD COLUMN c int, ADD COLUMN d int")\n' >proj/sub/versions/a.py
cp proj/sub/versions/a.py sql.orig
(cd proj/sub && "$migfix" --diff versions >../../out 2>../../err)
has "the dialect comes from alembic.ini (sqlite has no ADD COLUMN IF NOT EXISTS)" err 'ADD COLUMN cannot say IF NOT EXISTS (and the statement has other actions)'
(cd proj/sub && "$migfix" -q --diff --dialect postgresql versions >../../out 2>../../err)
has "--dialect wins over alembic.ini" out '+    op.execute("ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, ADD COLUMN IF NOT EXISTS d int")'
cp sql.orig nodialect.py
expect "without alembic.ini the dialect is postgresql" 0 "$migfix" -q nodialect.py
has "postgresql rewrite" nodialect.py 'ALTER TABLE t ADD COLUMN IF NOT EXISTS c int, ADD COLUMN IF NOT EXISTS d int'
expect "an unknown --dialect is a usage error" 2 "$migfix" --dialect oracle x.py

finish cli
