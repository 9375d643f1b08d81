# Sourced by the steering tests (doc/design.md §16) after ../lib.sh: Debian's HAProxy
# 2.6 on loopback with its admin socket in $TMP, and steering_backend.py
# backends that say who served. Everything started here is stopped with the
# test (lib.sh's cleanup).
command -v haproxy >/dev/null || fail "haproxy is missing: scripts/install-deps.sh test"
STEERING_BACKEND=$(dirname "${BASH_SOURCE[0]}")/steering_backend.py

# start_backend NAME: a steering_backend.py on a free loopback port. Sets
# BACKEND_PORT_<NAME> and BACKEND_PID_<NAME> (NAME: letters, digits, _).
start_backend() {
  local name=$1 port_file=$TMP/backend-$1.port pid
  rm -f "$port_file"
  /usr/bin/python3 "$STEERING_BACKEND" "$name" "$port_file" 2>>"$TMP/backend-$name.err" &
  pid=$!
  started "$pid"
  printf -v "BACKEND_PID_$name" '%s' "$pid"
  printf -v "BACKEND_PORT_$name" '%s' "$(wait_port_file "$port_file")"
}

# haproxy_global DIR: the global and defaults sections of a private
# HAProxy: no daemon and no master (so the pid is HAProxy itself and -sf
# is the reload), an admin-level socket DIR/admin.sock (mode 600: only its
# owner may use it), and the server state file DIR/server-state that every
# backend loads, so a reload keeps runtime weights. The caller appends its
# frontends and backends.
haproxy_global() {
  local d=$1
  cat <<CONF
global
  stats socket $d/admin.sock mode 600 level admin
  stats timeout 10s
  server-state-file $d/server-state
  pidfile $d/haproxy.pid
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  load-server-state-from-file global
CONF
}

# haproxy_cmd SOCKET COMMAND: one runtime API command, its reply on stdout
# (a test's own view of HAProxy, independent of the driver under test).
haproxy_cmd() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    out += chunk
sys.stdout.write(out.decode())
PY
}

# start_haproxy DIR [OLD_PID]: HAProxy on DIR/haproxy.cfg, in the
# background, stopped with the test; with OLD_PID, a reload: the new
# process takes over the listeners and tells OLD_PID to finish (-sf), and
# this waits until OLD_PID has gone. Waits (10 s) until the admin socket
# answers. Sets HAPROXY_PID.
start_haproxy() {
  local d=$1 old=${2:-} i
  haproxy -c -q -f "$d/haproxy.cfg" 2>"$d/check.err" || fail "haproxy.cfg refused: $(cat "$d/check.err")"
  if [[ -n $old ]]; then
    haproxy -db -f "$d/haproxy.cfg" -sf "$old" >>"$d/haproxy.log" 2>&1 &
  else
    rm -f "$d/admin.sock"
    haproxy -db -f "$d/haproxy.cfg" >>"$d/haproxy.log" 2>&1 &
  fi
  HAPROXY_PID=$!
  started "$HAPROXY_PID"
  if [[ -n $old ]]; then
    wait_exit "$old" 10
  fi
  for ((i = 0; i < 200; i++)); do
    haproxy_cmd "$d/admin.sock" "show info" 2>/dev/null | grep -q "^Pid: $HAPROXY_PID\$" && return 0
    sleep 0.05
  done
  fail "haproxy did not start: $(cat "$d/haproxy.log")"
}

# server_weights SOCKET BACKEND: "server=weight" lines, in the backend's
# order, from `show servers state` (a test's own read-back).
server_weights() {
  haproxy_cmd "$1" "show servers state $2" |
    awk '$1 ~ /^[0-9]+$/ && NF > 10 { print $4 "=" $8 }'
}

# server_stot SOCKET BACKEND: "server=stot" lines from `show stat`: the
# sessions HAProxy itself counted per server.
server_stot() {
  haproxy_cmd "$1" "show stat" |
    awk -F, -v b="$2" '$1 == b && $2 != "BACKEND" && $2 != "FRONTEND" { print $2 "=" $8 }'
}

# count_served URL N: N GET requests, one at a time on one keep-alive
# connection, counted by X-Served-By and status: "NAME COUNT" lines and
# "status CODE COUNT" lines, sorted.
count_served() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import collections, http.client, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
served, statuses = collections.Counter(), collections.Counter()
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
for _ in range(int(sys.argv[2])):
    conn.request("GET", url.path or "/")
    r = conn.getresponse()
    r.read()
    served[r.getheader("X-Served-By", "-")] += 1
    statuses[r.status] += 1
    if r.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
for name, n in sorted(served.items()):
    print(name, n)
for code, n in sorted(statuses.items()):
    print("status", code, n)
PY
}

# steering_setup [ALGORITHM [MORE_CONFIG [FRONTEND_RULES]]]: the peers of the HAProxy steering tests, with
# their config: backends cache and origin, HAProxy on $HAPROXY_PORT whose
# backend `reads` (ALGORITHM, roundrobin by default) has the servers cache
# and origin at weight 1, rendered from $TMP/ha/haproxy.cfg.tmpl (weights
# as {{reads/cache.weight}}, the driver's variables), and $TMP/event.json
# with the route `reads` over them, steered through $TMP/ha/admin.sock.
# MORE_CONFIG is appended to haproxy.cfg (other backends a test needs),
# FRONTEND_RULES go in the frontend before its default_backend. Backends
# already started (start_backend cache/origin, for their ports in
# MORE_CONFIG) are used as they are.
# Paths: $HA (HAProxy's folder), $SOCK.
steering_setup() {
  local algorithm=${1:-roundrobin}
  HA=$TMP/ha
  SOCK=$HA/admin.sock
  mkdir -p "$HA"
  [[ -n ${BACKEND_PORT_cache:-} ]] || start_backend cache
  [[ -n ${BACKEND_PORT_origin:-} ]] || start_backend origin
  HAPROXY_PORT=$(free_port)
  {
    haproxy_global "$HA"
    cat <<CONF
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
${3:-}
  default_backend reads
backend reads
  balance $algorithm
  server cache 127.0.0.1:$BACKEND_PORT_cache check inter 1s weight {{reads/cache.weight}}
  server origin 127.0.0.1:$BACKEND_PORT_origin check inter 1s weight {{reads/origin.weight}}
CONF
    echo "${2:-}"
  } >"$HA/haproxy.cfg.tmpl"
  sed 's/{{[^}]*}}/1/g' "$HA/haproxy.cfg.tmpl" >"$HA/haproxy.cfg"
  start_haproxy "$HA"
  steering_event_json '"socket": "'"$SOCK"'", "backend": "reads"' >"$TMP/event.json"
}

# steering_event_json DRIVER_KEYS: an event.json whose route `reads`
# (members cache and origin, split 50/50) has the driver
# {"type": "haproxy", DRIVER_KEYS, "state_file": ..., "template": ...,
# "write": ...} over the HAProxy of steering_setup.
steering_event_json() {
  cat <<JSON
{"site": {"name": "steer"},
 "probe": {"targets": {
   "cache-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_cache/ok", "interval": "1s", "timeout": "500ms"},
   "origin-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_origin/ok", "interval": "1s", "timeout": "500ms"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["origin-health"]}],
   "routes": [{"name": "reads", "essential": false,
     "driver": {"type": "haproxy", $1, "state_file": "$HA/server-state",
                "template": "$HA/haproxy.cfg.tmpl", "write": "$HA/haproxy.cfg"},
     "members": [{"name": "cache", "targets": ["cache-health"]}, {"name": "origin", "targets": ["origin-health"]}],
     "split": {"cache": 50, "origin": 50}}]}}
JSON
}

# failover_route ARGS...: evt-failover on $TMP/event.json and its own
# state, through run (RC, $TMP/out, $TMP/err).
failover_route() {
  run "$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" route "$@"
}
