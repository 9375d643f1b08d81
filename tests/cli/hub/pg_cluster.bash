# A private PostgreSQL 15 cluster for the hub's tests (doc/design.md §18).
#
# Sourced by a test (after ../lib.sh or on its own):
#   pg_cluster_start            # sets PG_DIR PG_PORT PG_SOCK PG_SUPERUSER PG_DB, stops on exit
#   pg_psql "SELECT 1"          # psql as the superuser on database $PG_DB, unaligned, tuples only
#   pg_site_role ROLE PASSWORD  # a login role; its password in $PG_PASSFILE (0600)
#   pg_conninfo [ROLE]          # "host=127.0.0.1 port=… dbname=evt user=ROLE" (no password)
#   pg_owner_conninfo           # the superuser over the socket (trust), for `hub migrate`, `hub grant`
#   pg_cluster_kill             # kill -9 the postmaster (a crash), pg_cluster_restart brings it back
#   pg_cluster_stop             # stop now (also done on exit)
#   pg_cluster_share            # as pg_cluster_start, but on the cluster of the ctest
#                               # fixture named by EVT_TEST_HUB_ENV when set: a database of
#                               # its own ($PG_DB), dropped on exit; for tests that never
#                               # kill or restart the cluster (roles are cluster-wide:
#                               # give yours names no other test uses)
# Or run as a script, for a ctest fixture that outlives one test:
#   bash pg_cluster.bash start ENVFILE   # starts, writes the variables above to ENVFILE
#   bash pg_cluster.bash stop ENVFILE    # stops the cluster ENVFILE describes
#
# The cluster runs as the system user evtpg (created if missing: initdb
# refuses root), on a free loopback port, with its socket in its own temp
# dir. The superuser connects over the socket without a password; every
# other role needs its password (scram-sha-256) on the socket and on TCP,
# so a wrong password is a real authentication failure. fsync is off: a
# kill -9 of postgres keeps what it wrote in the page cache, and the tests
# never cut the power.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_SUPERUSER=evtpg
PG_DB=evt

_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$PG_SUPERUSER" -- "$@"
  else
    "$@"
  fi
}

_pg_fail() {
  if declare -F fail >/dev/null; then fail "$*"; fi
  echo "pg_cluster: $*" >&2
  exit 1
}

_pg_ensure_user() {
  if [[ $(id -u) -ne 0 ]]; then
    PG_SUPERUSER=$(id -un)
    return 0
  fi
  id "$PG_SUPERUSER" >/dev/null 2>&1 && return 0
  # Two tests may race to create it: the loser's error is harmless.
  useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$PG_SUPERUSER" 2>/dev/null || true
  id "$PG_SUPERUSER" >/dev/null 2>&1 || _pg_fail "cannot create the system user $PG_SUPERUSER"
}

_pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

_pg_ctl_start() {
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
    -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=200" \
    start >/dev/null
}

# pg_cluster_init: initdb into a fresh PG_DIR (no server yet).
_pg_cluster_init() {
  _pg_ensure_user
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/evt-pg.XXXXXX")
  chmod 0755 "$PG_DIR" # evtpg must reach its data and socket dirs inside
  PG_SOCK=$PG_DIR/sock
  mkdir -p "$PG_DIR/data" "$PG_SOCK"
  touch "$PG_DIR/log"
  [[ $(id -u) -ne 0 ]] || chown "$PG_SUPERUSER:" "$PG_DIR/data" "$PG_SOCK" "$PG_DIR/log"
  chmod 0700 "$PG_DIR/data"
  _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_SUPERUSER" -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    _pg_fail "initdb failed: $(tail -5 "$PG_DIR/initdb.log")"
  cat >"$PG_DIR/data/pg_hba.conf" <<HBA
local all $PG_SUPERUSER trust
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
HBA
  PG_PASSFILE=$PG_DIR/pgpass
  install -m 0600 /dev/null "$PG_PASSFILE"
}

pg_cluster_start() {
  _pg_cluster_init
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(_pg_free_port)
    _pg_ctl_start && break
    # Another test took the port between our probe and the bind.
    PG_PORT=
  done
  [[ -n $PG_PORT ]] || _pg_fail "postgres did not start: $(tail -5 "$PG_DIR/log")"
  pg_psql "CREATE DATABASE $PG_DB" postgres >/dev/null
  export PG_DIR PG_PORT PG_SOCK PG_SUPERUSER PG_DB PG_PASSFILE
  if [[ ${PG_CLUSTER_NO_TRAP:-} != 1 ]]; then
    local previous
    previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
    # shellcheck disable=SC2064 # expanded now: the trap that was there runs after ours
    trap "pg_cluster_stop; $previous" EXIT
  fi
}

pg_cluster_share() {
  if [[ -z ${EVT_TEST_HUB_ENV:-} ]]; then
    pg_cluster_start
    return
  fi
  [[ -f $EVT_TEST_HUB_ENV ]] || _pg_fail "EVT_TEST_HUB_ENV: no such file: $EVT_TEST_HUB_ENV (is the fixture running?)"
  # shellcheck disable=SC1090
  source "$EVT_TEST_HUB_ENV"
  PG_DB=evt_$(basename "$0" .sh)_$$
  pg_psql "CREATE DATABASE $PG_DB" postgres >/dev/null
  PG_SHARED=1
  export PG_DIR PG_PORT PG_SOCK PG_SUPERUSER PG_DB PG_PASSFILE
  local previous
  previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
  # shellcheck disable=SC2064 # expanded now: the trap that was there runs after ours
  trap "pg_cluster_stop; $previous" EXIT
}

pg_cluster_stop() {
  if [[ ${PG_SHARED:-} == 1 ]]; then
    pg_psql "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" postgres >/dev/null 2>&1 || true
    PG_SHARED=
    return 0
  fi
  [[ -n ${PG_DIR:-} && -d $PG_DIR ]] || return 0
  # pg_ctl's own wait polls once a second; the postmaster's pid ends sooner.
  local pid i
  pid=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || pid=
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -W stop >/dev/null 2>&1 || true
  for ((i = 0; i < 200; i++)); do
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  rm -rf "$PG_DIR"
  PG_DIR=
}

# pg_cluster_kill: kill -9 the postmaster and its children, as a crash would.
pg_cluster_kill() {
  local pid children i
  pid=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 0
  children=$(pgrep -P "$pid" || true)
  # shellcheck disable=SC2086 # one pid per word
  kill -KILL "$pid" $children 2>/dev/null || true
  # The restart must find the shared memory free, so wait for every one.
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" $children 2>/dev/null || break
    sleep 0.05
  done
}

pg_cluster_restart() {
  _pg_ctl_start || _pg_fail "postgres did not restart: $(tail -5 "$PG_DIR/log")"
}

# pg_psql SQL [DB]: psql as the superuser, stops at the first error.
pg_psql() {
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U "$PG_SUPERUSER" \
    -d "${2:-$PG_DB}" -c "$1"
}

# pg_role_psql ROLE SQL: psql as ROLE over TCP with its password from
# $PG_PASSFILE; the caller checks the exit status and output.
pg_role_psql() {
  PGPASSFILE=$PG_PASSFILE psql -X -q -At -v ON_ERROR_STOP=1 -w -h 127.0.0.1 -p "$PG_PORT" \
    -U "$1" -d "$PG_DB" -c "$2"
}

# pg_site_role ROLE PASSWORD [PASSFILE]: a login role with PASSWORD, which
# goes (for any host, this port and database) into PASSFILE, default
# $PG_PASSFILE, mode 0600.
pg_site_role() {
  local role=$1 password=$2 passfile=${3:-$PG_PASSFILE}
  pg_psql "CREATE ROLE \"$role\" LOGIN PASSWORD '${password//\'/\'\'}'" >/dev/null
  [[ -f $passfile ]] || install -m 0600 /dev/null "$passfile"
  chmod 0600 "$passfile"
  printf '*:%s:%s:%s:%s\n' "$PG_PORT" "$PG_DB" "$role" "$password" >>"$passfile"
}

# pg_conninfo [ROLE]: a conninfo for ROLE over TCP, no password in it.
pg_conninfo() {
  echo "host=127.0.0.1 port=$PG_PORT dbname=$PG_DB user=${1:-$PG_SUPERUSER}"
}

pg_owner_conninfo() {
  echo "host=$PG_SOCK port=$PG_PORT dbname=$PG_DB user=$PG_SUPERUSER"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case ${1:-} in
  start)
    [[ -n ${2:-} ]] || _pg_fail "usage: pg_cluster.bash start ENVFILE"
    PG_CLUSTER_NO_TRAP=1 pg_cluster_start
    printf 'PG_DIR=%s\nPG_PORT=%s\nPG_SOCK=%s\nPG_SUPERUSER=%s\nPG_DB=%s\nPG_PASSFILE=%s\n' \
      "$PG_DIR" "$PG_PORT" "$PG_SOCK" "$PG_SUPERUSER" "$PG_DB" "$PG_PASSFILE" >"$2"
    ;;
  stop)
    [[ -n ${2:-} ]] || _pg_fail "usage: pg_cluster.bash stop ENVFILE"
    [[ -f $2 ]] || exit 0
    # shellcheck disable=SC1090
    source "$2"
    pg_cluster_stop
    rm -f "$2"
    ;;
  *) _pg_fail "usage: pg_cluster.bash start|stop ENVFILE" ;;
  esac
fi
