#!/usr/bin/env bash
# Runs every golden case: golden/<case>/input.py is fixed in a scratch copy
# (with the options listed one per line in golden/<case>/args, if present) and
# must equal golden/<case>/expected.py byte for byte. Then:
#   - fixing the result again changes nothing (fixpoint);
#   - expected.py parses with CPython's ast (an oracle independent of
#     tree-sitter).
# A case without expected.py is reported as a failure, never created here.
# On a mismatch the diff and the exact command are printed.
# Usage: run.sh MIGFIX GOLDEN_DIR [CASE...]
set -uo pipefail
migfix=$(realpath "$1")
golden=$(realpath "$2")
shift 2
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cases=("$@")
if ((${#cases[@]} == 0)); then
  for dir in "$golden"/*/; do cases+=("$(basename "$dir")"); done
fi

passes=0 failures=0
for name in "${cases[@]}"; do
  dir=$golden/$name
  problems=()
  if [[ ! -f $dir/expected.py ]]; then
    problems+=("missing expected.py (write it by hand and review it; it is never generated here)")
  else
    args=()
    [[ -f $dir/args ]] && mapfile -t args <"$dir/args"
    mkdir -p "$work/$name"
    actual=$work/$name/input.py
    cp "$dir/input.py" "$actual"
    if ! "$migfix" -q "${args[@]}" "$actual" 2>"$work/$name/stderr"; then
      problems+=("migfix failed: $(cat "$work/$name/stderr")")
    fi
    if ! cmp -s "$dir/expected.py" "$actual"; then
      problems+=("output differs from expected.py:
$(diff -u --label "golden/$name/expected.py" --label actual "$dir/expected.py" "$actual")")
    fi
    cp "$actual" "$work/$name/again.py"
    "$migfix" -q "${args[@]}" "$work/$name/again.py" 2>/dev/null
    cmp -s "$actual" "$work/$name/again.py" || problems+=("a second run changed the output (no fixpoint)")
    "$py" -c 'import ast,sys; ast.parse(open(sys.argv[1],"rb").read().decode("utf-8-sig"))' \
      "$dir/expected.py" 2>"$work/$name/ast" || problems+=("CPython cannot parse expected.py: $(tail -1 "$work/$name/ast")")
  fi
  if ((${#problems[@]} == 0)); then
    echo "ok   - $name"; passes=$((passes + 1))
  else
    echo "FAIL - $name"; failures=$((failures + 1))
    printf '    %s\n' "${problems[@]}" | sed 's/^/    /'
    echo "    reproduce: cp golden/$name/input.py /tmp/x.py && build/migfix ${args[*]:-} /tmp/x.py"
  fi
done
echo "golden: $passes passed, $failures failed"
exit $((failures > 0))
