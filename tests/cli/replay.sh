#!/usr/bin/env bash
# The revision guard as a user sees it (issue "Replay-safe chains"): which
# revisions get one and what it checks, in the -v and JSON reports, MF301 for
# data that a replay would run again, a second run that changes nothing, a
# guard that follows the chain when it changes, and a run without the chain
# (standard input) that keeps what is there.
# Usage: replay.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$(dirname "$(realpath "$0")")/lib.sh"
cd "$work"
mkdir versions
rev() { # rev FILE ID DOWN UPGRADE DOWNGRADE
  printf 'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "%s"\ndown_revision = %s\n\n\ndef upgrade():\n%b\n\n\ndef downgrade():\n%b\n' \
    "$2" "$3" "$4" "$5" >"versions/$1"
}
rev 1_accounts.py r1 None \
  '    op.create_table("accounts", sa.Column("id", sa.Integer, primary_key=True), sa.Column("balance", sa.Integer))' \
  '    op.drop_table("accounts")'
rev 2_cents.py r2 '"r1"' '    op.execute("UPDATE accounts SET balance = balance * 100")' \
  '    op.execute("UPDATE accounts SET balance = balance / 100")'
rev 3_notes.py r3 '"r2"' '    op.add_column("accounts", sa.Column("note", sa.Text))' \
  '    with op.batch_alter_table("accounts") as batch_op:\n        batch_op.drop_column("note")'
rev 4_fees.py r4 '"r3"' '    op.execute("UPDATE accounts SET balance = balance - 1")' '    pass'
cp -r versions original

expect "a fix run exits 0" 0 "$migfix" -v versions
has "its own witness: the table only it makes" versions/1_accounts.py \
  '    if _migfix_revision_applied([("table", None, "accounts")]):'
has "the guard returns at once" versions/1_accounts.py $'        return\n'
has "a data-only revision borrows its child's witness" versions/2_cents.py \
  '    if _migfix_revision_applied([], any_of=[("column", None, "accounts", "note")]):'
has "-v names the witness" out "versions/2_cents.py: revision 'r2': skipped whole when one of later revision 'r3''s witness exists"
lacks "no witness here or after: no guard" versions/4_fees.py "if _migfix_revision_applied("
has "... and MF301 says its data can be replayed" err "versions/4_fees.py:4:1: warning: MF301"

cp -r versions fixed
expect "a second run exits 0" 0 "$migfix" -q versions
if diff -r versions fixed >/dev/null; then ok "a second run changes nothing"; else not_ok "a second run changed the chain"; diff -r fixed versions | head; fi

expect "--format json" 0 "$migfix" --check --format json versions
if "$py" - out <<'PY'; then ok "json: each file's witness"; else not_ok "json witness"; fi
import json, sys
files = {f["path"]: f for f in json.load(open(sys.argv[1]))["files"]}
w = files["versions/2_cents.py"]["witness"]
assert w == {"revision": "r2", "all_of": [], "any_of": [["column", None, "accounts", "note"]],
             "none_of": [], "from": "r3", "writes_rows": True, "one_transaction": False}, w
assert files["versions/1_accounts.py"]["witness"]["all_of"] == [["table", None, "accounts"]]
assert files["versions/4_fees.py"]["witness"] is None
PY

# The chain changes: a new revision drops the column r2 relied on. The next
# run gives r2 (and r3) the witness they have now, or none.
rev 5_drop_note.py r5 '"r4"' \
  '    with op.batch_alter_table("accounts") as batch_op:\n        batch_op.drop_column("note")' \
  '    op.add_column("accounts", sa.Column("note", sa.Text))'
expect "a run after the chain changed exits 0" 0 "$migfix" -q versions
lacks "a guard the chain no longer vouches for is taken away" versions/2_cents.py "if _migfix_revision_applied("
lacks "... and the witness it relied on is no more" versions/3_notes.py "if _migfix_revision_applied("
has "what still holds stays" versions/1_accounts.py '_migfix_revision_applied([("table", None, "accounts")])'

# Without the chain (standard input) a guard is kept as it is.
expect "stdin: exits 0" 0 "$migfix" - <fixed/2_cents.py
same "stdin: the guard is kept" out fixed/2_cents.py

# A revision that is not readable rules its witnesses out: nothing guessed.
rm -rf v2 && cp -r original v2
printf '\n\ndef make():\n    op.execute(sql)\n' >>v2/1_accounts.py
sed -i 's/^    op.create_table/    make()\n    op.create_table/' v2/1_accounts.py
expect "an unreadable revision: exits 0" 0 "$migfix" -q v2
lacks "an unreadable revision gets no guard" v2/1_accounts.py "if _migfix_revision_applied("
finish replay
