#!/usr/bin/env bash
# `cpack -G DEB` builds migfix_<version>_<arch>.deb: it holds the binary, the
# templates and the man page under /usr, says which Debian libraries it needs,
# and the binary unpacked from it works, with its built-in templates and with
# the packaged ones. Usage: deb.sh BUILD_DIR
set -uo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passes=0 failures=0
ok() { echo "ok   - $*"; passes=$((passes + 1)); }
not_ok() { echo "FAIL - $*"; failures=$((failures + 1)); }

version=$(grep -o 'CPACK_PACKAGE_VERSION "[^"]*"' "$build/CPackConfig.cmake" | cut -d'"' -f2)
arch=$(dpkg --print-architecture)
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) && ok "cpack -G DEB succeeds" ||
  { not_ok "cpack -G DEB"; cat "$work/cpack.log"; }
deb="$work/out/migfix_${version}_${arch}.deb"
[[ -f $deb ]] && ok "the package is migfix_${version}_${arch}.deb" || not_ok "no $deb: $(ls "$work/out")"

dpkg-deb -c "$deb" >"$work/contents" 2>/dev/null
for path in ./usr/bin/migfix ./usr/share/man/man1/migfix.1 ./usr/share/migfix/templates/guards/table_missing.tmpl \
  ./usr/share/migfix/templates/helpers/prelude.py; do
  grep -q " $path\$" "$work/contents" && ok "it holds $path" || not_ok "$path is not in the package"
done
guards=$(grep -c '/templates/guards/.*\.tmpl$' "$work/contents")
[[ $guards == $(ls "$(dirname "$0")/../../templates/guards" | wc -l) ]] && ok "every guard template is packaged ($guards)" ||
  not_ok "$guards guard templates packaged"
depends=$(dpkg-deb -f "$deb" Depends 2>/dev/null)
for lib in libc6 libpcre2-8-0 libjansson4 libinih1; do
  [[ $depends == *"$lib"* ]] && ok "Depends names $lib" || not_ok "Depends lacks $lib: $depends"
done
recommends=$(dpkg-deb -f "$deb" Recommends 2>/dev/null)
for lib in libsqlite3-0 libpq5 libmariadb3; do # migfix locate's clients, loaded when needed
  [[ $recommends == *"$lib"* ]] && ok "Recommends names $lib" || not_ok "Recommends lacks $lib: $recommends"
done
[[ $(dpkg-deb -f "$deb" Package) == migfix && $(dpkg-deb -f "$deb" Version) == "$version" ]] &&
  ok "Package and Version are migfix $version" || not_ok "control fields"

dpkg-deb -x "$deb" "$work/root"
printf 'from alembic import op\n\n\ndef upgrade():\n    op.drop_table("t")\n' >"$work/m.py"
cp "$work/m.py" "$work/n.py"
(cd / && "$work/root/usr/bin/migfix" -q "$work/m.py") && grep -q '_migfix_table_present("t")' "$work/m.py" &&
  ok "the packaged binary fixes a file" || not_ok "packaged binary"
"$work/root/usr/bin/migfix" -q --templates "$work/root/usr/share/migfix/templates" "$work/n.py" &&
  cmp -s "$work/m.py" "$work/n.py" && ok "the packaged templates give the same output as the built-in ones" ||
  not_ok "packaged templates differ"
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat man -l "$work/root/usr/share/man/man1/migfix.1" 2>/dev/null | grep -q "EXIT STATUS" &&
    ok "the packaged man page renders" || not_ok "man page does not render"
fi
echo "deb: $passes passed, $failures failed"
exit $((failures > 0))
