#!/usr/bin/env bash
# The pre-commit hooks as a team gets them: Debian's `pre-commit try-repo`
# against this checkout installs migfix itself (language: python, pip builds
# the wheel; offline: no index, no build isolation, the verified tree-sitter
# sources of this build) in a sample repository with a staged migration that
# has no guards: migfix-check fails and changes nothing, migfix fixes it (and
# fails, as a hook that modifies files does), then migfix-check and migfix-lint pass.
# Usage: precommit.sh BUILD_DIR DEPS_DIR
set -uo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passes=0 failures=0
ok() { echo "ok   - $*"; passes=$((passes + 1)); }
not_ok() { echo "FAIL - $*"; failures=$((failures + 1)); }
export PIP_NO_INDEX=1 PIP_NO_BUILD_ISOLATION=0 MIGFIX_DEPS_DIR=$2 PRE_COMMIT_HOME=$work/cache
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com

sample=$work/sample
mkdir -p "$sample/migrations/versions"
cat >"$sample/migrations/versions/0001_users.py" <<'PY'
"""users

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("users", sa.Column("email", sa.String(120)))


def downgrade():
    op.drop_table("users")
PY
migration=$sample/migrations/versions/0001_users.py
cp "$migration" "$work/original.py"
(cd "$sample" && git init -q && git add -A) || not_ok "git init"
try() { (cd "$sample" && pre-commit try-repo "$root" "$1" >"$work/$1.log" 2>&1); }

try migfix-check
rc=$?
[[ $rc == 1 ]] && grep -q "would fix migrations/versions/0001_users.py" "$work/migfix-check.log" &&
  ok "migfix-check fails on the unguarded migration, naming it" ||
  { not_ok "migfix-check: exit $rc"; cat "$work/migfix-check.log"; }
cmp -s "$migration" "$work/original.py" && ok "and changes nothing" || not_ok "migfix-check changed the file"
grep -q "Installing environment" "$work/migfix-check.log" && ok "pre-commit installed migfix itself" ||
  not_ok "no environment installed"

try migfix
rc=$?
[[ $rc == 1 ]] && grep -q "files were modified by this hook" "$work/migfix.log" &&
  ok "migfix fixes it (failing, as a hook that modifies files does)" ||
  { not_ok "migfix: exit $rc"; cat "$work/migfix.log"; }
grep -q '^    if _migfix_table_missing("users"' "$migration" && ok "the migration is guarded" ||
  not_ok "the migration is not guarded"
"$build/migfix" --check -q "$migration" && ok "the build's migfix --check agrees it is done" ||
  not_ok "the build's migfix would still change it"

(cd "$sample" && git add -A)
try migfix-check && ok "migfix-check passes once it is staged" ||
  { not_ok "migfix-check after the fix"; cat "$work/migfix-check.log"; }
try migfix-lint && ok "migfix-lint passes" || { not_ok "migfix-lint"; cat "$work/migfix-lint.log"; }

echo "precommit: $passes passed, $failures failed"
((failures == 0))
