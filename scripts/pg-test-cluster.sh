#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests: loopback only, trust auth, data in a temp dir.
#
#   scripts/pg-test-cluster.sh start       start (or reuse) the cluster; prints the anxiao_test URL
#   scripts/pg-test-cluster.sh newdb NAME  (re)create database NAME, starting the cluster if needed;
#                                          prints its URL
#   scripts/pg-test-cluster.sh url         prints the anxiao_test URL; exit 1 if not running
#   scripts/pg-test-cluster.sh stop        stops the cluster and deletes its files
#
# Only URLs go to stdout (so `URL=$(scripts/pg-test-cluster.sh start)` works); progress goes to
# stderr. State (url, port, temp dir) lives in ${ANXIAO_PG_STATE:-/tmp/anxiao-pg-test}; the data
# lives in a fresh `mktemp -d` under ${ANXIAO_PG_TMP:-/tmp}. Runs as root (the server then runs as
# the `postgres` user via runuser) or as an ordinary user (the server runs as that user).
# If the PostgreSQL 15 server binaries are missing, installs postgresql-15 with apt-get.
set -euo pipefail

STATE="${ANXIAO_PG_STATE:-/tmp/anxiao-pg-test}"
TMP_PARENT="${ANXIAO_PG_TMP:-/tmp}"
PGBIN="${ANXIAO_PGBIN:-/usr/lib/postgresql/15/bin}"
FIRST_PORT="${ANXIAO_PG_PORT:-55432}"
DB=anxiao_test

log() { echo "pg-test-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# Runs a command with only stdin/stdout/stderr open. The postmaster must not inherit our lock
# (fd 9) or any pipe of whoever called us (make, ctest, CI), or those would wait for it forever.
without_extra_fds() {
  (
    for fd in "/proc/$BASHPID/fd"/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    "$@"
  )
}

# Runs a server-side command as the cluster owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_binaries() {
  if [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] && [ -x "$PGBIN/psql" ]; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "$PGBIN/initdb not found; install postgresql-15 (as root: apt-get install postgresql-15)"
  log "installing postgresql-15"
  local had_main=no
  if command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main"' | grep -q .; then
    had_main=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y postgresql-15 >&2
  [ -x "$PGBIN/initdb" ] || die "postgresql-15 installed but $PGBIN/initdb is missing"
  # The Debian package creates and starts a default cluster on 5432; tests don't want it.
  if [ "$had_main" = no ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
  fi
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True if the cluster recorded in $STATE is up.
running() {
  [ -f "$STATE/url" ] && [ -f "$STATE/dir" ] || return 1
  local dir
  dir="$(cat "$STATE/dir")"
  [ -d "$dir/data" ] || return 1
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

psql_admin() {
  local port
  port="$(cat "$STATE/port")"
  PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# Removes what a previous, no longer running cluster left behind.
cleanup_stale() {
  if [ -f "$STATE/dir" ]; then
    local dir
    dir="$(cat "$STATE/dir")"
    case "$dir" in
      "$TMP_PARENT"/anxiao-pg.*) rm -rf -- "$dir" ;;
    esac
  fi
  rm -f "$STATE/url" "$STATE/dir" "$STATE/port"
}

do_start() {
  if running; then
    cat "$STATE/url"
    return
  fi
  cleanup_stale
  ensure_binaries
  id postgres >/dev/null 2>&1 || [ "$(id -u)" != 0 ] || die "user postgres does not exist"

  local dir
  dir="$(mktemp -d "$TMP_PARENT/anxiao-pg.XXXXXX")"
  mkdir -p "$dir/data" "$dir/sock"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$dir"
  fi
  chmod 0700 "$dir/data"
  # Record the dir before anything can fail, so `stop` can clean up after a failed start.
  echo "$dir" >"$STATE/dir"

  log "initdb in $dir/data"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --locale=C --encoding=UTF8 --auth=trust \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  as_owner touch "$dir/server.log"

  local port=$FIRST_PORT last=$((FIRST_PORT + 100)) started=no
  while [ "$port" -le "$last" ]; do
    if ! port_in_use "$port"; then
      if without_extra_fds as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/sock -c fsync=on -c max_connections=200" \
          start >/dev/null 2>&1; then
        started=yes
        break
      fi
      # Lost a race for the port (or a real failure: the log says which); try the next one.
      if ! grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/server.log"; then
        tail -n 20 "$dir/server.log" >&2
        die "pg_ctl start failed"
      fi
    fi
    port=$((port + 1))
  done
  [ "$started" = yes ] || die "no free port in $FIRST_PORT..$last"

  echo "$port" >"$STATE/port"
  psql_admin -c "CREATE DATABASE $DB" >&2
  local url="postgresql://postgres@127.0.0.1:$port/$DB"
  echo "$url" >"$STATE/url"
  log "running on 127.0.0.1:$port (data in $dir)"
  echo "$url"
}

do_stop() {
  if [ -f "$STATE/dir" ]; then
    local dir
    dir="$(cat "$STATE/dir")"
    if [ -d "$dir/data" ]; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
  fi
  cleanup_stale
  log "stopped"
}

do_url() {
  running || die "not running (start it with: $0 start)"
  cat "$STATE/url"
}

do_newdb() {
  local name="${1:-}"
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "newdb: NAME must match [a-z_][a-z0-9_]* (got '$name')"
  case "$name" in
    postgres | template0 | template1) die "newdb: refusing to recreate $name" ;;
  esac
  running || do_start >/dev/null
  psql_admin -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >&2
  echo "postgresql://postgres@127.0.0.1:$(cat "$STATE/port")/$name"
}

cmd="${1:-}"
case "$cmd" in
  start | stop | url | newdb) ;;
  *) die "usage: $0 start|stop|url|newdb NAME" ;;
esac

mkdir -p "$STATE"
# Serialise concurrent invocations (parallel test binaries calling newdb, say).
exec 9>"$STATE/lock"
flock 9

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  url) do_url ;;
  newdb) shift; do_newdb "$@" ;;
esac
