#!/usr/bin/env bash
# `migfix locate`'s command-line contract, on the bookshelf example and a
# SQLite file made by Debian's Alembic: where the URL comes from (--url, then
# alembic.ini, then $DATABASE_URL, %(here)s expanded), the text and JSON
# reports, exit codes, --stamp and its refusals, and clear errors for what
# cannot be read. Under valgrind with RUNNER valgrind (not for a sanitized
# build: valgrind cannot run one).
# Usage: locate.sh MIGFIX [valgrind|plain]
set -uo pipefail
migfix=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
run=("$migfix")
[[ ${2:-plain} == valgrind ]] && run=(valgrind -q --error-exitcode=99 --leak-check=full
  --errors-for-leak-kinds=definite,indirect "$migfix")

cp -r "$here/../example" project
# The example's alembic.ini names sqlite:///bookshelf.db: relative to where
# alembic runs, as SQLAlchemy has it.
alembic() { (cd project && /usr/bin/python3 -m alembic "$@" >/dev/null 2>&1); }
alembic upgrade 8a4e0b6c2d31
/usr/bin/python3 -c "import sqlite3; c = sqlite3.connect('project/bookshelf.db'); c.execute('DELETE FROM alembic_version'); c.commit()"

cd project || exit 1
expect "the ini's URL, placed" 0 "${run[@]}" locate
has "text: the revision" out "schema: at revision 8a4e0b6c2d31"
has "text: evidence" out "present column books.isbn, made by 8a4e0b6c2d31"
has "text: what comes next is absent" out "absent  table reviews, made next by c7d91e5f0a42"
has "text: the version" out "alembic_version: empty"
has "text: the command" out "run: alembic stamp 8a4e0b6c2d31"

expect "json" 0 "${run[@]}" locate --format json
/usr/bin/python3 - out <<'EOF' && ok "json: its fields" || not_ok "json: its fields"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["status"] == "placed" and doc["candidates"] == [["8a4e0b6c2d31"]], doc
assert doc["dialect"] == "sqlite" and doc["alembic_version"]["verdict"] == "empty", doc
assert doc["command"] == "alembic stamp 8a4e0b6c2d31" and doc["stamped"] is False, doc
assert any(e["present"] and e["revision"] == "8a4e0b6c2d31" for e in doc["evidence"]), doc
EOF

# --at compares with one revision: why the database is not there.
expect "--at an earlier revision" 1 "${run[@]}" locate --at 3f1c2a7d9b10
has "--at: what that revision does not have" out "unexpected column books.isbn"
expect "--at the revision it is at" 0 "${run[@]}" locate --at 8a4e0b6c2d31
expect "--at a revision no file declares" 2 "${run[@]}" locate --at 0000
has "--at: said" err "--at 0000: no file of the chain declares it"

# --url wins over the ini; $DATABASE_URL is the last resort.
expect "--url wins" 2 "${run[@]}" locate --url "sqlite:///$work/none.db"
has "a missing SQLite file is said" err "none.db"
sed -i 's|^sqlalchemy.url = .*|sqlalchemy.url = driver://user:pass@localhost/dbname|' alembic.ini
expect "the template's URL, no \$DATABASE_URL" 2 "${run[@]}" locate
has "it says where the URL was looked for" err "DATABASE_URL"
DATABASE_URL="sqlite:///bookshelf.db" expect "\$DATABASE_URL" 0 "${run[@]}" locate
sed -i 's|^sqlalchemy.url = .*|sqlalchemy.url = sqlite:///%(here)s/bookshelf.db|' alembic.ini
(cd / && expect "%(here)s, from elsewhere" 0 "${run[@]}" locate --config "$work/project/alembic.ini")

# A password never shows, not even in an error.
expect "an unknown dialect" 2 "${run[@]}" locate --url "oracle://scott:tiger-Secret@db/x"
lacks "no password in it" err "tiger-Secret"
expect "an unreachable server" 2 "${run[@]}" locate --url "postgresql://u:tiger-Secret@127.0.0.1:1/x"
lacks "no password in it either" err "tiger-Secret"
lacks "nor on stdout" out "tiger-Secret"

# Two environments in one tree (tests/lint/several-environments): one
# database has one alembic_version, so locate asks which.
cp -r "$here/../lint/several-environments" "$work/envs"
expect "two environments: exit 2" 2 "${run[@]}" locate --url "sqlite:///bookshelf.db" "$work/envs/revisions"
has "it names both" err "$work/envs/revisions/core/versions (2 revisions)"
has "it names both (2)" err "$work/envs/revisions/tenant/versions (2 revisions)"
expect "one of them: read alone" 2 "${run[@]}" locate --url "sqlite:///bookshelf.db" "$work/envs/revisions/tenant/versions"
has "one of them: no match, as a chain of its own" out "no revision matches"

expect "--force needs --stamp" 2 "${run[@]}" locate --force
expect "a bad --format" 2 "${run[@]}" locate --format sarif

# --stamp writes the one answer; then Alembic agrees and goes on.
expect "--stamp" 0 "${run[@]}" locate --stamp
has "it says what it wrote" out "stamped: alembic_version now says 8a4e0b6c2d31"
expect "then it agrees" 0 "${run[@]}" locate
has "agrees" out "alembic_version: agrees (8a4e0b6c2d31)"
lacks "nothing to run" out "run: alembic stamp"

# Behind: the version names an ancestor of what the schema shows; --stamp
# will not overwrite a known revision without --force.
/usr/bin/python3 -c "import sqlite3; c = sqlite3.connect('bookshelf.db'); c.execute(\"UPDATE alembic_version SET version_num = '3f1c2a7d9b10'\"); c.commit()"
"${run[@]}" locate --format json >out 2>err
/usr/bin/python3 -c "import json,sys; d=json.load(open('out')); sys.exit(d['alembic_version']['verdict'] != 'behind')" &&
  ok "behind" || not_ok "behind: $(cat out)"
expect "--stamp will not overwrite a known revision" 2 "${run[@]}" locate --stamp
has "it says why" err "--force"
expect "--stamp --force" 0 "${run[@]}" locate --stamp --force
has "it wrote the schema's revision" out "stamped: alembic_version now says 8a4e0b6c2d31"

(/usr/bin/python3 -m alembic upgrade head >/dev/null 2>&1) && ok "alembic upgrade head after the stamp" ||
  not_ok "alembic upgrade head after the stamp"
# The head's release marker changes nothing: the schema fits it and its
# parent, and alembic_version, naming one of them, decides.
expect "at head, decided by alembic_version" 0 "${run[@]}" locate
has "both states" out "e2b8f4a61c07"
has "the marker changes nothing" out "f9a0d3c5b7e8: it changes no schema object"
has "the version decides" out "alembic_version: agrees (f9a0d3c5b7e8)"
/usr/bin/python3 -c "import sqlite3; c = sqlite3.connect('bookshelf.db'); c.execute('DELETE FROM alembic_version'); c.commit()"
expect "at head without a version: ambiguous" 1 "${run[@]}" locate
expect "--stamp refuses a set" 2 "${run[@]}" locate --stamp
has "it says why" err "several states fit"

# A table no revision makes is drift: exit 1, and --stamp refuses.
/usr/bin/python3 -c "import sqlite3; c = sqlite3.connect('bookshelf.db'); c.execute('CREATE TABLE scratch (x INTEGER)'); c.execute('DELETE FROM alembic_version'); c.commit()"
expect "drift" 1 "${run[@]}" locate
has "the extra table" out "extra table scratch: no revision makes it"
expect "--stamp refuses on drift" 2 "${run[@]}" locate --stamp

finish cli/locate
