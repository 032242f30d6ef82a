#!/usr/bin/env bash
# scripts/fetch-deps must refuse a truncated or tampered tarball before
# extracting it, with a clear message, and accept the genuine one.
# Usage: integrity.sh FETCH_DEPS DEPS_DIR (DEPS_DIR holds the verified tarballs)
set -uo pipefail
fetch=$1
deps=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passes=0 failures=0
ok() { echo "ok   - $*"; passes=$((passes + 1)); }
not_ok() { echo "FAIL - $*"; failures=$((failures + 1)); }

good=$deps/tree-sitter-python-0.25.0.tgz
runtime=$deps/tree-sitter-0.25.1.tgz

# Truncated grammar tarball: refused, nothing extracted.
mkdir "$work/truncated"
cp "$runtime" "$work/truncated/"
head -c 100000 "$good" >"$work/truncated/tree-sitter-python-0.25.0.tgz"
if "$fetch" "$work/truncated" 2>"$work/err"; then not_ok "a truncated tarball was accepted"; else ok "a truncated tarball stops fetch-deps"; fi
grep -q "integrity mismatch" "$work/err" && ok "the message says integrity mismatch" || { not_ok "no clear message"; cat "$work/err"; }
[[ ! -e $work/truncated/tree-sitter-python-0.25.0 ]] && ok "nothing was extracted" || not_ok "a bad tarball was extracted"

# Tampered (one byte flipped, same size): refused.
mkdir "$work/tampered"
cp "$runtime" "$good" "$work/tampered/"
printf '\x00' | dd of="$work/tampered/tree-sitter-python-0.25.0.tgz" bs=1 seek=5000 conv=notrunc status=none
if "$fetch" "$work/tampered" 2>"$work/err"; then not_ok "a tampered tarball was accepted"; else ok "a tampered tarball stops fetch-deps"; fi

# The genuine tarballs: verified and extracted.
mkdir "$work/genuine"
cp "$runtime" "$good" "$work/genuine/"
if "$fetch" "$work/genuine" 2>"$work/err" && [[ -f $work/genuine/tree-sitter-python-0.25.0/src/parser.c ]]; then
  ok "genuine tarballs are verified and extracted"
else
  not_ok "genuine tarballs were refused"; cat "$work/err"
fi
echo "deps: $passes passed, $failures failed"
exit $((failures > 0))
