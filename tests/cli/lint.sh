#!/usr/bin/env bash
# `migfix --lint` on a fixture chain with one planted defect per rule
# (tests/lint/graph): the findings a user reads, in every format, the exit
# codes, suppression comments, and that a single file is linted against the
# whole chain around it.
# Usage: lint.sh MIGFIX FIXTURE_DIR
set -uo pipefail
migfix=$(realpath "$1")
fixture=$(realpath "$2")
py=/usr/bin/python3
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$(dirname "$(realpath "$0")")/lib.sh"
cd "$work"
cp -r "$fixture/versions" versions
before=$(cd versions && sha256sum ./*.py)

# Text: exactly the expected findings (the file was read line by line when
# it was written: one per planted defect, none on the near misses).
expect "text: exit 1 on error findings" 1 "$migfix" --lint versions
same "text: the planted findings, and nothing else" out "$fixture/expected.txt"
has "text: summary on stderr" err "13 revisions linted: 15 findings (12 errors, 3 warnings)"
for rule in MF101 MF102 MF103 MF104 MF105 MF201 MF202 MF203 MF204 MF205; do has "text: $rule fires" out " $rule "; done
lacks "a suppressed finding stays quiet" out "0008_suppressed.py"
lacks "a proper merge of two branches is no MF105 for its first parent" out "lists '0005'"
lacks "depends_on a branch label resolves" out "'reports'"
after=$(cd versions && sha256sum ./*.py)
if [[ $before == "$after" ]]; then ok "--lint writes nothing"; else not_ok "--lint changed files"; fi

# JSON: the documented shape, the same findings.
expect "json: exit 1" 1 "$migfix" --lint --format json versions
if "$py" - out "$fixture/expected.txt" <<'PY'; then ok "json: fields and findings match the text report"; else not_ok "json report"; fi
import json, sys
doc = json.load(open(sys.argv[1]))
text = [l.rstrip("\n") for l in open(sys.argv[2])]
got = ["%s:%d:%d: %s %s" % (f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in doc["findings"]]
assert got == text, (got, text)
for f in doc["findings"]:
    assert set(f) == {"path", "line", "column", "rule", "severity", "message", "revision"}, f
    assert f["severity"] == ("warning" if f["rule"] in ("MF103", "MF205") else "error"), f
s = doc["summary"]
assert s == {"findings": 15, "errors": 12, "warnings": 3}, s
assert doc["findings"][0]["revision"] == "0002"
PY

# SARIF: rule ids as SARIF rule ids, one result per finding.
expect "sarif: exit 1" 1 "$migfix" --lint --format sarif versions
if "$py" - out <<'PY'; then ok "sarif: valid, rules declared, 15 results"; else not_ok "sarif report"; fi
import json, sys
doc = json.load(open(sys.argv[1]))
run = doc["runs"][0]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
res = run["results"]
assert len(res) == 15 and all(r["ruleId"] in ids for r in res), res
assert {r["level"] for r in res} == {"error", "warning"}
loc = res[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "versions/0002_users.py" and loc["region"]["startLine"] == 4
PY

expect "github: exit 1" 1 "$migfix" --lint --format github versions
has "github: an error annotation with its position" out "::error file=versions/0003_dangling.py,line=5,col=1,title=migfix MF102::down_revision names '0009'"
has "github: MF103 is a warning" out "::warning file=versions/0011_fork_a.py,line=4"

# One file given (pre-commit passes only the staged ones): the rest of its
# directory is read for context, findings only on the file given.
expect "one file: exit 1" 1 "$migfix" --lint versions/0005_redundant_merge.py
has "one file: its finding" out "versions/0005_redundant_merge.py:5:1: MF105"
if [[ $(wc -l <out) == 1 ]]; then ok "one file: no finding on the files around it"; else not_ok "one file: $(cat out)"; fi
expect "a clean file in a defective chain: exit 0" 0 "$migfix" --lint versions/0001_base.py
if [[ ! -s out ]]; then ok "a clean file: no finding"; else not_ok "clean file: $(cat out)"; fi

# A clean linear chain.
mkdir clean
printf 'revision = "r1"\ndown_revision = None\n' >clean/r1.py
printf 'revision = "r2"\ndown_revision = "r1"\n' >clean/r2.py
printf 'import os\n' >clean/helpers.py
expect "clean chain: exit 0" 0 "$migfix" --lint clean
has "clean chain: only revisions count" err "2 revisions linted: 0 findings"

# Whole-file suppression.
printf 'revision = "r3"  # migfix: ignore-file\ndown_revision = "nowhere"\n' >clean/r3.py
expect "ignore-file: exit 0" 0 "$migfix" --lint clean
lacks "ignore-file: quiet" out "MF102"
printf 'revision = "r3"\ndown_revision = "nowhere"  # migfix: ignore[MF103]\n' >clean/r3.py
expect "ignore of another rule does not hide MF102" 1 "$migfix" --lint clean
has "ignore[other]: MF102 still reported" out "clean/r3.py:2:1: MF102"
rm clean/r3.py

# Bad input: exit 2, a message naming the file, the other files still linted.
printf 'revision = "r9"\ndown_revision = "r1"\ndef upgrade(:\n' >clean/r9.py
expect "syntax error: exit 2" 2 "$migfix" --lint clean
has "syntax error: named with its position" err "clean/r9.py:3:"
expect "missing path: exit 2" 2 "$migfix" --lint clean/nothere.py
expect "--lint with --check is a usage error" 2 "$migfix" --lint --check clean
# A lint suppression names rules: it does not stop the guard on its line.
printf 'from alembic import op\nrevision = "a"\ndown_revision = None\n\n\ndef upgrade():\n    op.drop_table("t")  # migfix: ignore[MF204]\n    op.drop_table("u")  # migfix: ignore\n' >guards.py
expect "ignore[...] on an operation: fix still runs" 0 "$migfix" --diff guards.py
has "ignore[MF204] does not stop the guard" out '+    if _migfix_table_present("t"'
has "a bare ignore still does" err 'guards.py:8:5: op.drop_table: left alone: ignored'

# The fix run names the chain's errors as warnings on stderr, from the files
# as they were, without changing its exit code or its standard output.
expect "fix run: --check exit is the fix's own" 1 "$migfix" --check versions
has "fix run: an error finding as a warning" err "versions/0003_dangling.py:5:1: warning: MF102 down_revision names '0009'"
has "fix run: a schema finding too" err "versions/0012_fork_b.py:9:5: warning: MF203"
lacks "fix run: warnings are not repeated for warning-level rules" err "warning: MF103"
lacks "fix run: nor MF205" err "warning: MF205"
lacks "fix run: stdout untouched" out "MF10"
expect "fix run -q: exit unchanged" 1 "$migfix" -q --check versions
lacks "fix run -q: no chain warnings" err "MF102"
expect "fix run --format json: exit unchanged" 1 "$migfix" --check --format json versions
lacks "fix run json: no chain warnings on stderr" err "MF102"
# A single file given: its warnings only, the rest of its directory read for context.
expect "fix run, one file: exit unchanged" 1 "$migfix" --check versions/0012_fork_b.py
has "fix run, one file: its warning" err "versions/0012_fork_b.py:9:5: warning: MF203 table 'accounts'"
lacks "fix run, one file: none on the files around it" err "MF102"
# The chain is read on the workers and added in order: the findings do not
# depend on --jobs, nor does a fix run's context reading.
"$migfix" --lint --jobs 1 versions >lint.1 2>&1
"$migfix" --lint --jobs 2 versions >lint.2 2>&1
"$migfix" --lint --jobs 4 versions >lint.4 2>&1
cmp -s lint.1 lint.2 && cmp -s lint.1 lint.4 && [[ -s lint.1 ]] &&
  ok "--lint: the same findings with --jobs 1, 2 and 4" || not_ok "--lint output depends on --jobs"
"$migfix" --check --jobs 1 versions/0012_fork_b.py >one.1 2>&1
"$migfix" --check --jobs 2 versions/0012_fork_b.py >one.2 2>&1
cmp -s one.1 one.2 && ok "one file with its directory around it: the same with --jobs 1 and 2" ||
  not_ok "the context reading depends on --jobs"
# Fixed files are read around their helper block, which is proven once:
# the same findings as the unfixed ones, and a broken block is still a
# syntax error.
cp -r versions fixed
"$migfix" -q fixed >/dev/null 2>&1
"$migfix" --lint --format json versions 2>/dev/null | sed 's|versions/||g' >unfixed.json
"$migfix" --lint --format json fixed 2>/dev/null | sed 's|fixed/||g' >fixed.json
/usr/bin/python3 - unfixed.json fixed.json <<'PY' && ok "--lint: fixed files give the findings their originals give" || not_ok "--lint differs once the files are fixed"
import json, sys
def findings(path):  # lines move when a file is fixed: the rule, the file and the revision stay
    doc = json.load(open(path))
    items = doc["findings"] if isinstance(doc, dict) else doc
    return sorted((f["path"], f["rule"], f.get("revision") or "") for f in items)
a, b = findings(sys.argv[1]), findings(sys.argv[2])
assert a and a == b, (a, b)
PY
broken=$(grep -l '^def _migfix_' fixed/*.py | head -1)
sed -i '0,/^def _migfix_\([a-z_]*\)(/s//def _migfix_\1((/' "$broken"
expect "--lint: a fixed file whose helper block is broken: exit 2" 2 "$migfix" --lint fixed
has "--lint: it says the file cannot be parsed" err "$broken:"
has "--lint: as a syntax error" err "cannot parse this file (a syntax error here)"
rm -r fixed
# Past 5,000 files the fix run leaves the chain to --lint (the chain's facts
# are kept for the whole run), and says so with -v.
mkdir big
for i in $(seq 1 5001); do printf 'x = %d\n' "$i" >"big/m$i.py"; done
expect "fix run, 5,001 files: exit 0" 0 "$migfix" -v --check big
has "fix run, 5,001 files: chain left to --lint" err "5001 files: the chain is not read (over 5000)"
rm -r big

# One case per class of false finding read on real trees (tests/lint/*/
# beside graph): each a chain of its own, linted from its directory (so
# that its alembic.ini's [migfix] section counts); the findings must be
# exactly its expected.txt (empty: none). Near misses come in pairs:
# labeled-one-head, use-alter-false, downgrade-half, several-environments-
# linked, version-locations. A case's args file names the paths to lint
# (else versions).
for case in "$(dirname "$fixture")"/*/; do
  name=$(basename "$case")
  [[ $name == graph ]] && continue
  rm -rf "case-$name" && cp -r "$case" "case-$name"
  # shellcheck disable=SC2046 # args: the paths to lint, one word each
  (cd "case-$name" && "$migfix" --lint $(cat args 2>/dev/null || echo versions) \
    >../case.out 2>../case.err)
  same "lint case $name: exactly its expected findings" case.out "$case/expected.txt"
done
# Two environments in one tree are two chains for the fix run too: each
# data revision keeps its revision guard (one chain with both roots' id
# twice vouched for none), and neither environment's tables count in the
# other's. Linked by a down_revision, they are one chain again.
(cd case-several-environments && "$migfix" --diff revisions >../case.out 2>../case.err)
guards=$(grep -c '^+    if _migfix_revision_applied(\[("table", None, "settings")\]):' case.out)
if [[ $guards == 2 ]]; then ok "two environments: both data revisions get a revision guard"; else
  not_ok "two environments: $guards revision guards on settings, wanted 2"; fi
lacks "two environments: no MF101 from the fix run either" case.err "MF101"
(cd case-several-environments-linked && "$migfix" --diff revisions >../case.out 2>../case.err)
lacks "linked environments: a duplicate id vouches for no revision guard" case.out \
  "_migfix_revision_applied([(\"table\", None, \"settings\")])"
has "linked environments: the fix run names the duplicate" case.err "MF101"
expect "--ignore MF205: exit 0, no finding" 0 "$migfix" --lint --ignore MF205 case-downgrade-pass/versions
lacks "--ignore MF205: nothing reported" out "MF205"
expect "--ignore with a word that is no rule: exit 2" 2 "$migfix" --lint --ignore unused case-downgrade-pass/versions
has "it says what --ignore takes" err "--ignore takes rule ids"
expect "--ignore MF203,MF205 leaves MF103" 0 "$migfix" --lint --ignore MF203,MF205 case-labeled-one-head/versions
has "MF103 is still reported" out " MF103 "
finish lint
