#!/usr/bin/env bash
# `migfix --golden DIR` as a team's CI would use it: all match -> 0; a
# mismatch -> 1 with a diff naming the expected file; a missing expected file
# is reported, not created; --update rewrites expected files, but never when
# CI is set; both case layouts and per-case options (args) work.
# Usage: golden.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$(dirname "$(realpath "$0")")/lib.sh"
cd "$work"

mkdir -p cases/drop
printf 'from alembic import op\n\n\ndef downgrade():\n    op.drop_table("t")\n' >cases/drop/input.py
cp cases/drop/input.py fixed.py && "$migfix" -q fixed.py && cp fixed.py cases/drop/expected.py
printf 'x = 1\n' >cases/flat.py && cp cases/flat.py cases/flat.expected.py

unset CI
expect "all cases match: exit 0" 0 "$migfix" --golden cases
has "both layouts are run" out "golden: 2 passed, 0 failed"

sed -i 's/_migfix_table_present("t")/_migfix_table_present("u")/' cases/drop/expected.py
cp cases/drop/expected.py broken.py
expect "a mismatch: exit 1" 1 "$migfix" --golden cases
has "the mismatch names the case and the expected file" out "FAIL - drop: the output differs from cases/drop/expected.py"
has "the diff shows the expected line" out '-    if _migfix_table_present("u"):'
has "the diff shows the actual line" out '+    if _migfix_table_present("t"):'
has "the summary counts it" out "golden: 1 passed, 1 failed"
cmp -s broken.py cases/drop/expected.py && ok "a plain run writes nothing" || not_ok "the expected file was modified"
sed -n '/^--- a\//,$p' out | sed '/^golden:/d' >fix.diff
patch -s -p1 --dry-run <fix.diff >/dev/null && ok "the printed diff applies to the expected file with patch -p1" || not_ok "the diff does not apply"

expect "--update under CI is refused" 2 env CI=true "$migfix" --golden cases --update
has "the refusal says why" err "refuses to rewrite expected files when CI is set"
cmp -s broken.py cases/drop/expected.py && ok "nothing was written under CI" || not_ok "CI run wrote a file"

expect "--update rewrites a differing expected file" 0 env -u CI "$migfix" --golden cases --update
has "--update says what it updated" out "updated - drop: cases/drop/expected.py"
cmp -s fixed.py cases/drop/expected.py && ok "the expected file now holds the output" || not_ok "update wrote the wrong content"
expect "after --update everything matches" 0 "$migfix" --golden cases

rm cases/flat.expected.py
expect "a missing expected file: exit 1" 1 "$migfix" --golden cases
has "the missing file is reported" out "FAIL - flat: cases/flat.expected.py is missing"
[[ ! -e cases/flat.expected.py ]] && ok "a missing expected file is not created" || not_ok "a missing expected file was created"

mkdir -p cases/house/house/guards
printf 'if not _migfix_table_present({{table}}):  # house style\n' >cases/house/house/guards/table_missing.tmpl
printf 'def upgrade():\n    op.create_table("t")\n' >cases/house/input.py
printf -- '--templates\nhouse\n' >cases/house/args
printf 'x = 1\n' >cases/flat.expected.py
cp cases/house/input.py h.py && "$migfix" -q --templates cases/house/house h.py && cp h.py cases/house/expected.py
expect "a case's args (--templates, relative to the case) are applied" 0 "$migfix" --golden cases
grep -q "if not _migfix_table_present(\"t\"):  # house style" cases/house/expected.py && ok "the house template shaped the expected file" || not_ok "house template not used"

expect "--update without --golden is a usage error" 2 "$migfix" --update x.py
expect "an empty golden directory is an error" 2 "$migfix" --golden "$(mktemp -d)"

finish cli/golden
