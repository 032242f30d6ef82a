#!/usr/bin/env bash
# Runs COMMAND with a private MariaDB server (Debian's mariadb-server): a
# temporary data directory, listening on 127.0.0.1 (random free port) and a
# unix socket in that directory, run as the `mysql` user when started by root
# (mariadbd refuses to run as root otherwise). The server reads no option file
# (--no-defaults): nothing of the machine's own MariaDB set-up leaks in. root
# has no password (over TCP too). The server is stopped and its files removed
# when COMMAND ends, also on failure.
# COMMAND sees a SQLAlchemy URL of an empty database `migfix` in
# MIGFIX_MARIADB_URL. Composes with with_postgres.sh:
#   with_postgres.sh with_mariadb.sh COMMAND...
# Usage: with_mariadb.sh COMMAND...
set -euo pipefail
if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
  echo "with_mariadb: MariaDB is not installed (scripts/bootstrap --for-tests installs it)" >&2
  exit 1
fi
PATH=$PATH:/usr/sbin  # mariadbd lives there; a non-root PATH may not have it
dir=$(mktemp -d /tmp/migfix-mariadb.XXXXXX)
as_mysql=()
if [[ $(id -u) -eq 0 ]]; then
  chown mysql "$dir"  # the server, as `mysql`, writes its data and socket here
  as_mysql=(--user=mysql)
fi
pid=

stop() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true  # SIGTERM: mariadbd shuts down cleanly
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop EXIT

# --no-defaults must come first. A small redo log: the server is thrown away.
mariadb-install-db --no-defaults "${as_mysql[@]}" --datadir="$dir/data" \
  --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
  --innodb-log-file-size=16M >"$dir/install.log" 2>&1 ||
  { cat "$dir/install.log" >&2; exit 1; }

# Speed over durability (nothing here must survive a crash), and utf8mb4 as
# Debian's packaged server has it (the compiled-in default is latin1).
settings=(--skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0
          --innodb-log-file-size=16M --innodb-buffer-pool-size=64M --skip-name-resolve
          --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci)
admin=(mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -uroot)
# A free port can be taken between the probe and the bind (another test's
# server): mariadbd then exits, and a few ports are tried before giving up.
started=
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  while (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  # Its temporary tables in its own directory: information_schema queries
  # make them, and a file of /tmp may not live as long as the server.
  mariadbd --no-defaults "${as_mysql[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --tmpdir="$dir" \
    --pid-file="$dir/mysqld.pid" --bind-address=127.0.0.1 --port="$port" "${settings[@]}" \
    >>"$dir/server.log" 2>&1 &
  pid=$!
  # Ready when it answers on its own socket (it binds the TCP port before the
  # socket); gone when the port was taken or it failed otherwise.
  for _ in $(seq 600); do
    if "${admin[@]}" ping >/dev/null 2>&1; then started=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $started ]] && break
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
done
[[ -n $started ]] || { cat "$dir/server.log" >&2; exit 1; }
mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot -e "CREATE DATABASE migfix"
export MIGFIX_MARIADB_URL="mariadb+pymysql://root@127.0.0.1:$port/migfix"
"$@"
