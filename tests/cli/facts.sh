#!/usr/bin/env bash
# The chain facts kept between runs (src/facts.h), checked the way a user
# would: a pre-commit run on one staged file parses only what changed, the
# output and the findings are byte for byte those of a run without the
# cache, and a damaged, foreign, oversized or unusable cache changes nothing
# but the time.
# Usage: facts.sh MIGFIX
set -uo pipefail
migfix=$(realpath "$1")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
# shellcheck source=lib.sh
source "$here/lib.sh"
cd "$work"
unset MIGFIX_CACHE_DIR XDG_CACHE_HOME
export HOME="$work/home"
py3=/usr/bin/python3

# A 40-revision chain: tables, columns, and rows written (revision guards
# come from the chain's facts, so a wrong fact shows in the output).
mkdir versions
"$py3" - versions <<'PY'
import sys
d = sys.argv[1]
for i in range(40):
    parent = "None" if i == 0 else '"r%02d"' % (i - 1)
    body = ('    op.create_table("t%02d", sa.Column("id", sa.Integer(), primary_key=True))\n' % i
            if i % 3 == 0 else
            '    op.execute("UPDATE t%02d SET id = id")\n'
            '    op.add_column("t%02d", sa.Column("c%02d", sa.String(20)))\n'
            % (i - i % 3, i - i % 3, i))
    down = ('    op.drop_table("t%02d")\n' % i if i % 3 == 0 else
            '    op.drop_column("t%02d", "c%02d")\n' % (i - i % 3, i))
    open("%s/r%02d.py" % (d, i), "w").write(
        'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "r%02d"\n'
        'down_revision = %s\n\n\ndef upgrade():\n%s\n\ndef downgrade():\n%s'
        % (i, parent, body, down))
PY
cp -r versions pristine
run() { # run DIR ARGS...: migfix with the cache in DIR; stdout in out, stderr in err
  local dir=$1
  shift
  if [[ $dir == none ]]; then "$migfix" --no-cache "$@" >out 2>err; else
    MIGFIX_CACHE_DIR="$work/$dir" "$migfix" "$@" >out 2>err; fi
}
from_cache() { sed -n 's/^migfix: the chain: \([0-9]*\) files read, \([0-9]*\) of them from the facts cache$/\1 \2/p' err; }

# The references: no cache at all.
run none --diff versions && cp out ref.diff
run none --lint --format json versions; cp out ref.lint
grep -q '_migfix_revision_applied(\[' ref.diff && ok "the reference run gives revision guards" ||
  not_ok "the chain gives no revision guard: the test would not see a wrong fact"
[[ ! -e home ]] && ok "--no-cache writes no cache" || not_ok "--no-cache wrote $(find home)"

# First run: every file parsed, its facts kept; second: none parsed.
run cache -v --lint versions
[[ $(from_cache) == "40 0" ]] && ok "a first --lint reads all 40 files, none from the cache" || not_ok "first run: $(from_cache)"
facts=$(ls cache/chain-facts-* 2>/dev/null | head -1)
build_id=$(readelf -n "$migfix" 2>/dev/null | sed -n 's/.*Build ID: //p' | head -1)
version=$("$migfix" --version | sed 's/migfix //')
[[ -n $facts && $(basename "$facts") == "chain-facts-$version-${build_id:0:20}" ]] &&
  ok "the facts file is named after the version and this binary's build id" || not_ok "facts file: '$facts'"
[[ $(stat -c %a "$facts") == 600 ]] && ok "it is 0600" || not_ok "mode $(stat -c %a "$facts")"
run cache -v --lint versions
[[ $(from_cache) == "40 40" ]] && ok "a second --lint takes all 40 from the cache" || not_ok "second run: $(from_cache)"
run cache --lint --format json versions
same "--lint JSON with the cache warm is the --no-cache JSON" out ref.lint
run cache --diff versions
same "--diff with the cache warm is the --no-cache diff" out ref.diff

# A staged file changed: only it is parsed again; the output follows it.
sed -i 's/sa.String(20)/sa.String(40)/' versions/r07.py
run none --diff versions && cp out ref2.diff
run cache -v --lint versions
[[ $(from_cache) == "40 39" ]] && ok "one file changed: 39 of 40 from the cache" || not_ok "after a change: $(from_cache)"
run cache --diff versions
same "its diff is the --no-cache diff of the changed tree" out ref2.diff
# pre-commit: the fix run on the one staged file reads the rest for context.
run cache -v --check versions/r07.py
[[ $(from_cache) == "40 40" ]] && ok "--check of one staged file: its 39 neighbours (and it) from the cache" ||
  not_ok "--check of one file: $(from_cache)"
cp -r versions fixed && run cache -q fixed/r07.py && run none -q versions/r07.py
same "fixing that file with the cache gives the --no-cache file" fixed/r07.py versions/r07.py
rm -rf fixed && cp pristine/r07.py versions/r07.py

# Damage of every kind: ignored (the files are parsed), the file replaced.
for damage in "a flipped byte" "a truncated file" "random bytes" "an empty file"; do
  run cache --lint versions # a sound cache of this tree first
  case $damage in
    "a flipped byte") "$py3" -c 'import sys; p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[len(d) // 2] ^= 1; open(p, "wb").write(bytes(d))' "$facts" ;;
    "a truncated file") head -c 3000 "$facts" >t && mv t "$facts" ;;
    "random bytes") head -c 3000 /dev/urandom >"$facts" ;;
    "an empty file") : >"$facts" ;;
  esac
  run cache -v --diff versions
  same "a cache of $damage: the --no-cache diff" out ref.diff
  [[ $(from_cache) == "40 0" ]] && ok "a cache of $damage: nothing taken from it" || not_ok "$damage: $(from_cache)"
  run cache -v --lint versions
  [[ $(from_cache) == "40 40" ]] && ok "a cache of $damage is replaced by a sound one" || not_ok "$damage, next run: $(from_cache)"
done

# write_cache PATH [ENTRIES...]: a cache with a right checksum, in migfix's
# layout (keyed as src/facts.c keys text), from Python.
cat >cache.py <<'PY'
import os, random, sys
M = 2**64 - 1
def mix(h):
    h ^= h >> 33; h = (h * 0xff51afd7ed558ccd) & M
    h ^= h >> 33; h = (h * 0xc4ceb9fe1a85ec53) & M
    return h ^ (h >> 33)
def key(b):
    n = len(b); h1 = 0x9e3779b97f4a7c15 ^ n; h2 = 0x243f6a8885a308d3 ^ ((n << 1) & M); i = 0
    while i + 8 <= n:
        w = int.from_bytes(b[i:i + 8], "little")
        h1 = ((h1 ^ w) * 0x100000001b3) & M; h1 = ((h1 << 29) | (h1 >> 35)) & M
        h2 = ((h2 + w) * 0x87c37b91114253d5) & M; h2 ^= h2 >> 31; i += 8
    last = int.from_bytes(b[i:] + bytes(8 - (n - i)), "little") if i < n else 0
    return mix(h1 ^ last), mix((h2 + last * 0x4cf5ad432745937f) & M), n
def entry(k, payload):
    return b"".join(x.to_bytes(8, "little") for x in (*k, len(payload))) + payload
def write(path, entries):
    body = b"".join(entries)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(b"migfix-chain-facts 1\n%016x\n" % key(body)[0] + body)
mode, path = sys.argv[1], sys.argv[2]
if mode == "garbage":  # every file of the tree keyed right, its facts garbage
    write(path, [entry(key(open(f, "rb").read()), b"\x07garbage" * 5) for f in sys.argv[3:]])
elif mode == "big":  # 5,000 entries of 1 KB from other projects
    r = random.Random(1)
    write(path, [entry((r.getrandbits(64), r.getrandbits(64), 100), b"x" * 1000) for _ in range(5000)])
PY
name=chain-facts-$version-${build_id:0:20}
"$py3" cache.py garbage "$work/garbage/$name" versions/*.py
run garbage -v --diff versions
same "a sound cache whose entries do not decode: the --no-cache diff" out ref.diff
[[ $(from_cache) == "40 0" ]] && ok "entries that do not decode are misses" || not_ok "garbage entries: $(from_cache)"

# Bounded: at most 4 MB, this run's entries first, the least recently
# used go; the next run finds its own.
"$py3" cache.py big "$work/big/$name"
run big -v --diff versions
same "a cache of 5,000 old entries: the --no-cache diff" out ref.diff
(( $(stat -c %s "big/$name") <= 4 * 1024 * 1024 + 64 )) && ok "the saved facts stay within 4 MB" ||
  not_ok "the saved facts have $(stat -c %s "big/$name") bytes"
run big -v --lint versions
[[ $(from_cache) == "40 40" ]] && ok "the trimmed cache keeps this run's 40" || not_ok "after trimming: $(from_cache)"

# Unusable: an unwritable directory, a path under a file.
mkdir -p ro && chmod 500 ro
run ro/sub --diff versions
same "an unwritable cache directory: the same diff" out ref.diff
run versions/r00.py/x --diff versions
same "a cache path under a file: the same diff" out ref.diff

# Runs at the same time share the file: each gives the --no-cache output.
for i in 1 2 3 4; do
  (MIGFIX_CACHE_DIR="$work/shared" "$migfix" --diff versions >"par$i" 2>/dev/null) &
done
wait
all=1
for i in 1 2 3 4; do cmp -s "par$i" ref.diff || all=0; done
[[ $all == 1 ]] && ok "four runs at once give the --no-cache diff" || not_ok "runs at once differ"
run shared -v --lint versions
[[ $(from_cache) == "40 40" ]] && ok "and leave a sound cache" || not_ok "shared cache: $(from_cache)"

finish cli/facts
