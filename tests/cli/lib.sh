# Shared by the command-line tests: counters, assertions, and the closing
# line "NAME: N passed, M failed". Source it, then call `finish NAME`.
passes=0 failures=0
ok() { echo "ok   - $*"; passes=$((passes + 1)); }
not_ok() { echo "FAIL - $*"; failures=$((failures + 1)); }
# expect NAME WANTED_EXIT CMD...: runs CMD, keeps its stdout/stderr in out/err.
expect() {
  local name=$1 want=$2
  shift 2
  "$@" >out 2>err
  local got=$?
  if [[ $got == "$want" ]]; then ok "$name"; else
    not_ok "$name (exit $got, wanted $want)"; sed 's/^/    out: /' out | head -20; sed 's/^/    err: /' err | head -20
  fi
}
# has NAME FILE TEXT: FILE contains TEXT; lacks: it does not.
has() {
  if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1: '$3' not in $2"; sed 's/^/    | /' "$2" | head -20; fi
}
lacks() { if ! grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1: '$3' found in $2"; fi; }
# same / differ NAME A B: byte-identical files, or not.
same() { if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1: $2 and $3 differ"; fi; }
differ() { if ! cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1: $2 did not change"; fi; }
finish() {
  echo "$1: $passes passed, $failures failed"
  exit $((failures > 0))
}
