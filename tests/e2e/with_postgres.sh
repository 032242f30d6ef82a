#!/usr/bin/env bash
# Runs COMMAND with a private PostgreSQL 15 server: a temporary data
# directory, listening on 127.0.0.1 (random free port) and a unix socket in
# that directory, run as the `postgres` user (PostgreSQL refuses root). The
# server is stopped and its files removed when COMMAND ends, also on failure.
# COMMAND sees the server's URL in MIGFIX_PG_URL.
# Usage: with_postgres.sh COMMAND...
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [[ -z $pgbin ]]; then
  echo "with_postgres: PostgreSQL 15 is not installed (scripts/bootstrap --for-tests installs it)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/migfix-pg.XXXXXX)
as_postgres=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  as_postgres=(runuser -u postgres --)
fi

stop() {
  "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_postgres[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# A free port can be taken between the probe and the bind (another test's
# server): a few ports are tried before giving up.
started=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  if "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null; then
    started=1
    break
  fi
done
[[ -n $started ]] || { cat "$dir/server.log" >&2; exit 1; }
export MIGFIX_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
"$@"
