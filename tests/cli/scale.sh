#!/usr/bin/env bash
# Bulk repair the way a project and its CI use it: discovery from
# alembic.ini, [migfix] defaults, exclusion, symbolic links, stdin, identical
# output for any --jobs, backups, SARIF and GitHub reports, colour, progress.
# Usage: scale.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$(dirname "$(realpath "$0")")/lib.sh"
cd "$work"

migration() { # migration FILE TABLE
  mkdir -p "$(dirname "$1")"
  printf 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.create_table("%s", sa.Column("id", sa.Integer))\n    op.execute("UPDATE x SET y = 1")\n' "$2" >"$1"
}

# --- discovery from alembic.ini ----------------------------------------------
mkdir -p app/db app/extra src
migration app/db/versions/a1.py a1
migration app/db/versions/a2.py a2
migration app/extra/b1.py b1
migration src/not_a_migration.py nope
cat >app/alembic.ini <<'INI'
[alembic]
script_location = %(here)s/db
version_locations = %(here)s/db/versions %(here)s/extra
sqlalchemy.url = postgresql://u@localhost/app

[migfix]
format = json
INI
(cd app && "$migfix" --check) >out 2>err; status=$?
[[ $status == 1 ]] && ok "no PATH: the project's migrations are checked (exit 1)" || not_ok "no PATH: exit $status"
"$py" - out <<'PY' && ok "version_locations and %(here)s are followed; [migfix] format=json applies" || not_ok "discovery"
import json, sys
paths = sorted(f["path"] for f in json.load(open(sys.argv[1]))["files"])
assert paths == ["db/versions/a1.py", "db/versions/a2.py", "extra/b1.py"], paths
PY
(cd app/db && "$migfix" --check --format text) >out 2>err
has "a parent directory's alembic.ini is found; the command line wins over [migfix]" out "would fix"
expect "--config names the ini file" 1 "$migfix" --check --format text --config app/alembic.ini
has "--config's project is used" out "3 files: 3 would be fixed"
expect "no PATH and no alembic.ini is an error" 2 sh -c 'cd / && "$0" --check' "$migfix"
has "it says what is missing" err "no alembic.ini found"
expect "a missing --config is an error" 2 "$migfix" --config nowhere.ini
printf '[alembic]\nsqlalchemy.url = sqlite:///x.db\n' >bare.ini
expect "no PATH and an ini without script_location is an error" 2 "$migfix" --check --config bare.ini
has "the error names the ini file" err "bare.ini names no script_location or version_locations"

# --- exclusion, skipped directories, symbolic links ------------------------------
mkdir -p tree/versions tree/versions/.hidden tree/venv tree/outside_target
migration tree/versions/a.py a
migration tree/versions/skip_me.py s
migration tree/versions/.hidden/h.py h
migration tree/venv/v.py v && touch tree/venv/pyvenv.cfg
migration outside.py o
ln -s ../../outside.py tree/versions/escape.py
ln -s .. tree/versions/loop
ln -s a.py tree/versions/alias.py
expect "a directory walk" 1 "$migfix" --check -v --format text --exclude 'skip_me' tree
has "the real file is processed" out "tree/versions/a.py"
lacks "--exclude skips matching paths" out "skip_me.py"
lacks "hidden directories are skipped" out ".hidden"
lacks "virtual environments are skipped" out "venv/v.py"
lacks "a link leading outside the roots is not followed" out "escape.py"
has "the link outside is named in -v notes" err "escape.py: skipped: a symbolic link leading outside"
has "a link loop is detected" err "already searched (a symbolic link loop)"
lacks "a link to a file inside is not processed twice" out "alias.py"
[[ $(grep -c "tree/versions/a.py" out) -le 3 ]] && ok "each file appears once" || not_ok "a file was processed twice"
expect "a bad --exclude pattern is an error" 2 "$migfix" --exclude '(' tree

# --- stdin ----------------------------------------------------------------------
migration in.py t
cp in.py in.orig
"$migfix" - <in.py >stdout.py 2>err; status=$?
[[ $status == 0 ]] && ok "- reads stdin, exit 0" || not_ok "- exit $status"
has "the fixed file goes to stdout" stdout.py 'if _migfix_table_missing("t", columns=["id"]):'
cmp -s in.py in.orig && ok "stdin mode writes no file" || not_ok "stdin mode wrote the file"
"$migfix" --stdin-filename versions/x.py - <in.py >/dev/null 2>err
has "--stdin-filename names it in the report" err "versions/x.py:7:5: op.execute"
"$migfix" --diff --stdin-filename x.py - <in.py >out 2>err
has "- with --diff prints a diff" out "+++ b/x.py"
printf 'def f(:\n' >broken.py
"$migfix" - <broken.py >out 2>err; status=$?
[[ $status == 2 ]] && ok "bad stdin input exits 2" || not_ok "bad stdin input exit $status"
cmp -s out broken.py && ok "bad stdin input comes back unchanged" || not_ok "bad stdin input was not echoed"
"$migfix" --check - <in.py >out 2>err; status=$?
[[ $status == 1 && ! -s out ]] && ok "--check - writes nothing and exits 1" || not_ok "--check -: exit $status"

# --- --jobs: the same output for any number of jobs -------------------------------
mkdir -p many
for i in $(seq -w 1 60); do migration many/m$i.py t$i; done
printf 'def f(:\n' >many/m30.py
# (--no-cache: with -v, a run also says how many files' chain facts came from
# the cache, which the runs before it filled.)
for jobs in 1 2 4; do
  "$migfix" --check -v --no-cache --jobs $jobs many >text.$jobs 2>err.$jobs
  "$migfix" --diff --format json --jobs $jobs many >json.$jobs 2>/dev/null
done
cmp -s text.1 text.2 && cmp -s text.1 text.4 && cmp -s err.1 err.2 && ok "text report identical for --jobs 1, 2, 4" || not_ok "text differs across --jobs"
cmp -s json.1 json.2 && cmp -s json.1 json.4 && ok "JSON report with diffs identical for --jobs 1, 2, 4" || not_ok "JSON differs across --jobs"
"$py" -c 'import json,sys; d=json.load(open("json.2")); p=[f["path"] for f in d["files"]]; assert p == sorted(p) and len(p) == 60' && ok "files are reported sorted by path" || not_ok "order"
expect "--jobs must be a number" 2 "$migfix" --jobs x many

# --- --backup -------------------------------------------------------------------
migration b.py t && cp b.py b.orig && chmod 640 b.py
expect "--backup keeps the original" 0 "$migfix" -q --backup b.py
cmp -s b.py.orig b.orig && ok "FILE.orig holds the original bytes" || not_ok "backup content"
[[ $(stat -c %a b.py.orig) == 640 && $(stat -c %a b.py) == 640 ]] && ok "both keep the permission bits" || not_ok "backup permissions"
migration c.py t
expect "--backup=SUFFIX" 0 "$migfix" -q --backup=.bak c.py
[[ -f c.py.bak ]] && ok "the suffix is used" || not_ok "no c.py.bak"

# Many files in several directories: they are switched in groups (one flush
# per group), and every group is committed, backups with their files, in order.
for d in g1 g2 g3; do for i in $(seq -w 1 70); do migration "groups/$d/m$i.py" "t$d$i"; done; done
cp -r groups groups.orig
"$migfix" --backup --jobs 2 groups >groups.out 2>groups.err; status=$?
[[ $status == 0 ]] && ok "210 files in 3 directories, --backup --jobs 2: exit 0" || not_ok "groups: exit $status"
[[ $(grep -c '^fixed groups/' groups.out) == 210 ]] && ok "each of the 210 is reported fixed" ||
  not_ok "groups: $(grep -c '^fixed groups/' groups.out) reported fixed"
grep '^fixed groups/' groups.out | sort -c && ok "in path order, group after group" || not_ok "groups: report order"
bad=0
for f in groups.orig/*/*.py; do
  g=groups/${f#groups.orig/}
  cmp -s "$f" "$g.orig" && ! cmp -s "$f" "$g" || bad=$((bad + 1))
done
[[ $bad == 0 ]] && ok "every file is new and its backup is the original" || not_ok "groups: $bad files wrong"
[[ -z $(find groups -name '.*migfix-*') ]] && ok "no temporary file is left" || not_ok "groups: temporary files left"
expect "a second run changes nothing" 0 "$migfix" -q --check groups

# --- SARIF and GitHub ---------------------------------------------------------------
mkdir -p rep && migration rep/r.py t && printf 'def f(:\n' >rep/bad.py
"$migfix" --check --format sarif rep >sarif.json 2>err; status=$?
[[ $status == 2 ]] && ok "SARIF run exits 2 (one file has an error)" || not_ok "SARIF exit $status"
"$py" - sarif.json <<'PY' && ok "SARIF 2.1.0 has its required fields, one result per finding" || not_ok "SARIF shape"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == "2.1.0" and "$schema" in doc
run, = doc["runs"]
driver = run["tool"]["driver"]
assert driver["name"] == "migfix" and {r["id"] for r in driver["rules"]} == {"MF001", "MF002", "MF003"}
rules = {r["id"] for r in driver["rules"]}
for result in run["results"]:
    assert result["ruleId"] in rules and result["message"]["text"]
    assert result["level"] in ("note", "warning", "error")
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].startswith("rep/")
    if "region" in loc:
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
kinds = sorted(r["ruleId"] for r in run["results"])
assert kinds == ["MF001", "MF002", "MF003"], kinds
PY
"$migfix" --check --format github rep >gh.txt 2>err
has "GitHub: a warning for an operation that needs a guard" gh.txt "::warning file=rep/r.py,line=6,col=5,title=migfix::op.create_table is not safe to re-run"
has "GitHub: a notice for one left alone" gh.txt "::notice file=rep/r.py,line=7,col=5,title=migfix::op.execute left alone: raw SQL: data statement (UPDATE)"
has "GitHub: an error for a bad file" gh.txt "::error file=rep/bad.py,line=1,col="
printf 'from alembic import op\n\ndef upgrade():\n    op.execute("UPDATE t SET a = 50%%")\n' >rep/pct.py
"$migfix" --check --format github rep/pct.py >gh.txt 2>err
has "GitHub: % in messages is escaped" gh.txt "::notice file=rep/pct.py"

# --- colour --------------------------------------------------------------------------
migration col.py t
"$migfix" --diff --color always col.py >out 2>/dev/null
grep -q $'\033\[32m+' out && ok "--color always colours added lines" || not_ok "no colour"
"$migfix" --diff col.py >out 2>/dev/null
grep -q $'\033' out && not_ok "colour on a pipe" || ok "auto: no colour when stdout is not a terminal"
"$py" - "$migfix" <<'PY' && ok "auto: colour on a terminal, none with NO_COLOR; progress bar on a terminal" || not_ok "terminal behaviour"
import os, pty, subprocess, sys
migfix = sys.argv[1]
def run(env, args):
    # Read while migfix runs: a diff larger than the pty's buffer would
    # otherwise block migfix on write while we wait for it to exit.
    main, secondary = pty.openpty()
    p = subprocess.Popen([migfix] + args, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert p.wait(timeout=60) == 0 or args[0] == "--check", (args, p.returncode)
    return out
env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
assert b"\x1b[32m" in run(env, ["--diff", "col.py"])
assert b"\x1b[32m" not in run(dict(env, NO_COLOR="1"), ["--diff", "col.py"])
out = run(env, ["--check", "many"])
assert b"\rmigfix [" in out and b"files" in out, out[:200]
PY

finish cli/scale
