#!/usr/bin/env bash
# `cmake --install` puts the binary, the templates and the man page where they
# belong, and the installed binary works on its own and with its installed
# templates. Usage: install.sh BUILD_DIR
set -uo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
passes=0 failures=0
ok() { echo "ok   - $*"; passes=$((passes + 1)); }
not_ok() { echo "FAIL - $*"; failures=$((failures + 1)); }
cmake --install "$build" --prefix "$prefix" >/dev/null && ok "cmake --install succeeds" || not_ok "cmake --install"
[[ -x $prefix/bin/migfix ]] && ok "the binary is in bin/" || not_ok "no bin/migfix"
[[ -f $prefix/share/migfix/templates/guards/table_missing.tmpl && -f $prefix/share/migfix/templates/helpers/prelude.py ]] &&
  ok "the templates are in share/migfix/templates" || not_ok "templates missing"
[[ -f $prefix/share/man/man1/migfix.1 ]] && ok "the man page is in share/man/man1" || not_ok "man page missing"
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat man -l "$prefix/share/man/man1/migfix.1" 2>/dev/null | grep -q "EXIT STATUS" && ok "the man page renders" || not_ok "man page does not render"
fi
printf 'from alembic import op\n\n\ndef upgrade():\n    op.drop_table("t")\n' >"$prefix/m.py"
cp "$prefix/m.py" "$prefix/n.py"
(cd / && "$prefix/bin/migfix" -q "$prefix/m.py") && grep -q '_migfix_table_present("t")' "$prefix/m.py" &&
  ok "the installed binary fixes a file from anywhere" || not_ok "installed binary"
"$prefix/bin/migfix" -q --templates "$prefix/share/migfix/templates" "$prefix/n.py" && cmp -s "$prefix/m.py" "$prefix/n.py" &&
  ok "the installed templates give the same output as the built-in ones" || not_ok "installed templates differ"
echo "install: $passes passed, $failures failed"
exit $((failures > 0))
