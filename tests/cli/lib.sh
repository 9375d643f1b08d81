# Sourced by the CLI tests. Gives each test a private temp folder ($TMP,
# so `ctest -j` is safe), kills every process it started on the way out,
# and helpers that fail with a message instead of hanging.
set -euo pipefail

TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/evt-${TEST_NAME}.XXXXXX")
STARTED_PIDS=()
source "$(dirname "${BASH_SOURCE[0]}")/debian_python.bash"
use_debian_python "$TMP"

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "$TEST_NAME: FAIL: $*" >&2
  exit 1
}

# Remembers a background process so cleanup kills it whatever happens.
started() { STARTED_PIDS+=("$1"); }

# run CMD...: runs CMD with stdin from /dev/null unless redirected by the
# caller; sets RC, and leaves stdout in $TMP/out and stderr in $TMP/err.
run() {
  set +e
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
}

# Whether PID is alive (a zombie, ended but not yet waited for, is not).
is_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# wait_exit PID SECONDS: waits for a child started with `&` and sets RC to
# its exit status; fails if it has not ended within SECONDS. (Polling, not
# a watchdog process: a killed watchdog would leave its sleep behind.)
wait_exit() {
  local pid=$1 seconds=$2 i
  for ((i = 0; i < seconds * 20; i++)); do
    is_running "$pid" || break
    sleep 0.05
  done
  ! is_running "$pid" || fail "process $pid did not end within ${seconds}s"
  set +e
  wait "$pid"
  RC=$?
  set -e
}

# wait_lines FILE N SECONDS: waits until FILE holds at least N lines.
wait_lines() {
  local file=$1 lines=$2 seconds=$3 i
  for ((i = 0; i < seconds * 20; i++)); do
    [[ -f $file && $(wc -l <"$file") -ge $lines ]] && return 0
    sleep 0.05
  done
  fail "$file: fewer than $lines lines after ${seconds}s: $(cat "$file" 2>/dev/null)"
}

# expect_rc WHAT EXPECTED: checks RC from run/wait_exit.
expect_rc() {
  [[ $RC -eq $2 ]] || fail "$1: exit $RC, expected $2; stderr: $(cat "$TMP/err" 2>/dev/null)"
}

expect_no_stderr() {
  [[ ! -s $TMP/err ]] || fail "$1: unexpected stderr: $(cat "$TMP/err")"
}

# expect_json_lines WHAT FILE: every line of FILE is one JSON object.
expect_json_lines() {
  local what=$1 file=$2 line n=0
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    jq -e 'type == "object"' <<<"$line" >/dev/null 2>&1 ||
      fail "$what: line $n is not a JSON object: $line"
  done <"$file"
  [[ ! -s $file || $(tail -c1 "$file" | od -An -c | tr -d ' ') == '\n' ]] ||
    fail "$what: the last line has no newline"
}

# Loopback peers: what the tests that start servers share.

# free_port: a port nothing listens on (bound, then closed).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port_file FILE: the port a helper wrote, once it is listening.
wait_port_file() {
  local file=$1 i
  for ((i = 0; i < 200; i++)); do
    [[ -s $file ]] && { cat "$file"; return 0; }
    sleep 0.05
  done
  fail "no port in $file after 10s"
}

# wait_listening PORT: until something accepts on 127.0.0.1:PORT (10 s).
wait_listening() {
  local i
  for ((i = 0; i < 200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  fail "nothing listens on port $1 after 10s"
}

# now_ms: wall time in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# nginx_conf_head DIR [WORKER_CONNECTIONS]: the start of a private nginx's
# config, through the opening of its http block: one process (no daemon,
# no master, so SIGSTOP and SIGKILL reach all of it), with its pid, error
# log and temp folders in DIR. The caller writes its servers and the
# closing "}".
nginx_conf_head() {
  local d=$1
  mkdir -p "$d/tmp"
  cat <<CONF
daemon off;
master_process off;
pid $d/nginx.pid;
error_log $d/error.log warn;
$( [[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);" )
events { worker_connections ${2:-256}; }
http {
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
CONF
}

# run_nginx DIR URL: starts nginx on DIR/nginx.conf, stopped with the test,
# and waits (10 s) until URL answers. Sets NGINX_PID.
run_nginx() {
  local d=$1 url=$2 i
  nginx -p "$d" -c "$d/nginx.conf" 2>"$d/stderr" &
  NGINX_PID=$!
  started "$NGINX_PID"
  for ((i = 0; i < 200; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.05
  done
  fail "nginx did not start: $(cat "$d/stderr" "$d/error.log" 2>/dev/null)"
}
