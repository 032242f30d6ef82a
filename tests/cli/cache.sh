#!/usr/bin/env bash
# The proofs kept between runs (src/proofs.h), checked the way a user would:
# where the file goes, that a later run takes its block from it instead of
# proving it again, that the output is byte for byte what a run without the
# cache makes, and that a damaged, truncated, foreign or unwritable cache
# changes nothing but the time.
# Usage: cache.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$here/lib.sh"
cd "$work"
unset MIGFIX_CACHE_DIR XDG_CACHE_HOME
py3=/usr/bin/python3

migration() { # migration FILE [TABLE]: an unguarded migration
  cat >"$1" <<PY
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table("${2:-t}", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("${2:-t}", sa.Column("name", sa.String(20)))


def downgrade():
    op.drop_column("${2:-t}", "name")
    op.drop_table("${2:-t}")
PY
}
# fix NAME: a copy of the migration in its own directory, fixed with the
# options that follow; its text is NAME/m.py.
fix() {
  local name=$1
  shift
  mkdir -p "$name" && migration "$name/m.py"
  "$@" -q "$name/m.py" >"$name.out" 2>"$name.err"
}
cache_file() { ls "$1"/proofs-* 2>/dev/null | head -1; }

# The reference: no cache at all.
expect "a run with --no-cache exits 0" 0 fix plain env HOME="$work/nohome" "$migfix" --no-cache
[[ ! -e nohome ]] && ok "--no-cache writes no cache" || not_ok "--no-cache wrote $(find nohome)"

# Where it goes: $MIGFIX_CACHE_DIR, else $XDG_CACHE_HOME/migfix, else ~/.cache/migfix.
expect "a first run with an empty cache exits 0" 0 fix first env MIGFIX_CACHE_DIR="$work/cache" "$migfix"
same "its output is the --no-cache output" first/m.py plain/m.py
proofs=$(cache_file cache)
[[ -n $proofs ]] && ok "the run left its proof in \$MIGFIX_CACHE_DIR" || not_ok "no proofs file in cache/"
build_id=$(readelf -n "$migfix" 2>/dev/null | sed -n 's/.*Build ID: //p' | head -1)
version=$("$migfix" --version | sed 's/migfix //')
[[ -n $build_id && $(basename "$proofs") == "proofs-$version-${build_id:0:20}" ]] &&
  ok "the file is named after the version and this binary's build id" ||
  not_ok "named $(basename "$proofs"), build id $build_id"
[[ $(stat -c %a cache) == 700 && $(stat -c %a "$proofs") == 600 ]] &&
  ok "the directory is 0700 and the file 0600" || not_ok "modes $(stat -c %a cache) $(stat -c %a "$proofs")"
sed -n '/^# >>> migfix helpers/,/^# <<< migfix helpers <<</p' first/m.py >block
"$py3" -c 'import sys; sys.exit(open(sys.argv[1], "rb").read() not in open(sys.argv[2], "rb").read())' block "$proofs" &&
  ok "it holds the helper block the file got, as written" || not_ok "the block is not in $proofs"
expect "XDG_CACHE_HOME is used without MIGFIX_CACHE_DIR" 0 fix xdg env XDG_CACHE_HOME="$work/xdg" "$migfix"
[[ -n $(cache_file xdg/migfix) ]] && ok "the proof is under \$XDG_CACHE_HOME/migfix" || not_ok "nothing in xdg/migfix"
expect "a relative XDG_CACHE_HOME is ignored for ~/.cache" 0 fix home env XDG_CACHE_HOME=rel HOME="$work/home" "$migfix"
[[ -n $(cache_file home/.cache/migfix) && ! -e rel ]] && ok "the proof is under ~/.cache/migfix" || not_ok "nothing in home/.cache/migfix"

# A later run takes the proof: nothing new to prove, so the file is not rewritten.
unchanged() { [[ $(stat -c '%i %y' "$(cache_file "$1")") == "$2" ]]; } # a rewrite is a new inode
before=$(stat -c '%i %y' "$proofs")
expect "a second run on another unfixed copy exits 0" 0 fix second env MIGFIX_CACHE_DIR="$work/cache" "$migfix"
same "its output is the --no-cache output" second/m.py plain/m.py
unchanged cache "$before" &&
  ok "the second run found its block in the cache (the file was left as it was)" ||
  not_ok "the second run proved its block again"
mkdir -p chk && migration chk/m.py && cp chk/m.py chk.orig # also the original text
expect "--check on an unfixed file still exits 1 with the cache" 1 env MIGFIX_CACHE_DIR="$work/cache" "$migfix" --check -q chk/m.py
same "and writes no migration" chk/m.py chk.orig

# A new block (other checks) is proven and added; the old one stays.
mkdir -p other && printf 'from alembic import op\n\nrevision = "b1"\ndown_revision = None\n\n\ndef upgrade():\n    op.drop_index("ix_t_name", table_name="t")\n' >other/m.py
expect "a run needing another block exits 0" 0 env MIGFIX_CACHE_DIR="$work/cache" "$migfix" -q other/m.py
[[ $(grep -cF '# >>> migfix helpers' "$(cache_file cache)") == 2 ]] && ok "the cache now holds both blocks" ||
  not_ok "the cache holds $(grep -cF '# >>> migfix helpers' "$(cache_file cache)") blocks"

# Damage of every kind: ignored, the block proven again, the file rewritten whole.
for damage in "a flipped byte" "a truncated file" "random bytes" "an empty file"; do
  cp "$(cache_file cache)" good
  case $damage in
    "a flipped byte") "$py3" - "$(cache_file cache)" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
at = data.index(b"def _migfix_") + 4
data[at] ^= 0x20  # one letter's case: still text, no longer the proven block
open(path, "wb").write(bytes(data))
PY
    ;;
    "a truncated file") head -c 5000 good >"$(cache_file cache)" ;;
    "random bytes") head -c 3000 /dev/urandom >"$(cache_file cache)" ;;
    "an empty file") : >"$(cache_file cache)" ;;
  esac
  name=damaged-${damage// /-}
  expect "a cache of $damage: the run exits 0" 0 fix "$name" env MIGFIX_CACHE_DIR="$work/cache" "$migfix"
  same "a cache of $damage: the output is the --no-cache output" "$name/m.py" plain/m.py
  before=$(stat -c '%i %y' "$(cache_file cache)")
  fix "$name-again" env MIGFIX_CACHE_DIR="$work/cache" "$migfix"
  unchanged cache "$before" && ok "a cache of $damage is replaced by a sound one, which the next run takes" ||
    not_ok "a cache of $damage was not replaced by a sound one"
done

# sound_cache DIR PREFIX [FIND REPLACE]: a cache in DIR with a right
# checksum, holding the block (with FIND replaced by REPLACE once), each
# entry's length written after PREFIX.
sound_cache() {
  "$py3" - block "$1/proofs-$version-${build_id:0:20}" "$2" "${3:-}" "${4:-}" <<'PY'
import os, sys
_, block_path, path, prefix, find, replace = sys.argv
block = open(block_path, "rb").read()
if find:
    block = block.replace(find.encode(), replace.encode(), 1)
body = prefix.encode() + b"%d\n%s\n" % (len(block), block)
h = 14695981039346656037
for c in body:
    h = ((h ^ c) * 1099511628211) % 2**64
os.makedirs(os.path.dirname(path), exist_ok=True)
open(path, "wb").write(b"migfix-proofs 1\n%016x\n" % h + body)
PY
}

# Only the very text proven is taken: a sound cache whose block differs
# from the run's by one byte gets the run's own proof.
sound_cache "$work/near" "" "def _migfix_" "def _migfiX_"
before=$(stat -c '%i %y' "$(cache_file near)")
expect "a cache holding a near block: exit 0" 0 fix near-run env MIGFIX_CACHE_DIR="$work/near" "$migfix"
same "a cache holding a near block: the --no-cache output" near-run/m.py plain/m.py
! unchanged near "$before" && [[ $(grep -cF '# >>> migfix helpers' "$(cache_file near)") == 2 ]] &&
  ok "the near block was not taken: the run proved its own and added it" || not_ok "the near block was taken"

# A sound checksum over a body that is not migfix's layout (a blank before
# a length, which strtoull would take): nothing in it is taken.
sound_cache "$work/odd" " "
before=$(stat -c '%i %y' "$(cache_file odd)")
expect "a cache not in migfix's layout: exit 0" 0 fix odd-run env MIGFIX_CACHE_DIR="$work/odd" "$migfix"
! unchanged odd "$before" && head -c 40 "$(cache_file odd)" | tail -c +34 | grep -q '^[0-9]' &&
  ok "it was not taken, and was replaced by one in the layout" || not_ok "a cache not in the layout was taken"

# A cache never grows past its limit (every run reads all of it): the
# blocks a run used come first, then the others in the file's order, and the
# least recently used go. 100 blocks of 10 KB gathered from other projects:
# the run's own block is added first and only the older ones past 512 KB go.
"$py3" - "$work/big/proofs-$version-${build_id:0:20}" <<'PY'
import os, sys
path = sys.argv[1]
body = b"".join(b"%d\n%s\n" % (len(t), t)
                for t in (b"# old block %03d\n" % i + b"x" * 10000 for i in range(100)))
h = 14695981039346656037
for c in body:
    h = ((h ^ c) * 1099511628211) % 2**64
os.makedirs(os.path.dirname(path), exist_ok=True)
open(path, "wb").write(b"migfix-proofs 1\n%016x\n" % h + body)
PY
expect "a cache of 100 old blocks: exit 0" 0 fix big-run env MIGFIX_CACHE_DIR="$work/big" "$migfix"
same "a cache of 100 old blocks: the --no-cache output" big-run/m.py plain/m.py
big=$(cache_file big)
(( $(stat -c %s "$big") <= 512 * 1024 + 100 )) && ok "the saved cache stays within 512 KB" ||
  not_ok "the saved cache has $(stat -c %s "$big") bytes"
"$py3" - block "$big" <<'PY' && ok "it holds the run's block first, then the oldest blocks that fit" ||
import sys
block, data = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
own, oldest = data.find(block), data.find(b"# old block 000")
sys.exit(not (0 <= own < oldest and b"# old block 040" in data and
              b"# old block 099" not in data))
PY
  not_ok "the saved cache does not keep the run's block first and the oldest that fit"
before=$(stat -c '%i %y' "$big")
fix big-again env MIGFIX_CACHE_DIR="$work/big" "$migfix"
unchanged big "$before" && same "the next run takes its block from it" big-again/m.py plain/m.py ||
  not_ok "the next run did not take its block from the trimmed cache"

# Unusable caches: the run goes on as without one.
mkdir -p ro && chmod 500 ro
expect "an unwritable cache directory: exit 0" 0 fix ro-run env MIGFIX_CACHE_DIR="$work/ro/sub" "$migfix"
same "an unwritable cache directory: the same output" ro-run/m.py plain/m.py
expect "a cache path under a file: exit 0" 0 fix file-run env MIGFIX_CACHE_DIR="$work/plain/m.py/x" "$migfix"
same "a cache path under a file: the same output" file-run/m.py plain/m.py
ls cache | grep -v -E '^(proofs|chain-facts)-[0-9.]*-[0-9a-f]*$' && not_ok "a temporary file was left in the cache" || ok "no temporary file is left in the cache"

# Runs at the same time share the file: each ends with a sound cache.
rm -rf shared
for i in 1 2 3 4; do
  (mkdir -p "par$i" && migration "par$i/m.py" "t$i" && MIGFIX_CACHE_DIR="$work/shared" "$migfix" -q "par$i/m.py") &
done
wait
for i in 1 2 3 4; do mkdir -p "ref$i" && migration "ref$i/m.py" "t$i" && "$migfix" --no-cache -q "ref$i/m.py"; done
all=1
for i in 1 2 3 4; do cmp -s "par$i/m.py" "ref$i/m.py" || all=0; done
[[ $all == 1 ]] && ok "four runs at once give the --no-cache outputs" || not_ok "runs at once differ"
head -c 16 "$(cache_file shared)" | grep -q '^migfix-proofs 1' && ok "and leave a sound cache" || not_ok "the shared cache is damaged"

finish cli/cache
