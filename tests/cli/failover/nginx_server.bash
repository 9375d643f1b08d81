# Sourced by the nginx steering tests (doc/design.md §16) after ../lib.sh and
# helpers.bash: a private nginx on loopback that the nginx driver reloads,
# and steering_backend.py backends that say who served. Everything started
# here is stopped with the test (lib.sh's cleanup).
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"
STEERING_BACKEND=$(dirname "${BASH_SOURCE[0]}")/steering_backend.py

# nginx_backend NAME: a steering_backend.py on a free loopback port. Sets
# BACKEND_PORT_<NAME> (NAME: letters, digits, _).
nginx_backend() {
  local name=$1 port_file=$TMP/backend-$1.port
  rm -f "$port_file"
  /usr/bin/python3 "$STEERING_BACKEND" "$name" "$port_file" 2>>"$TMP/backend-$name.err" &
  started $!
  printf -v "BACKEND_PORT_$name" '%s' "$(wait_port_file "$port_file")"
}

# nginx_proxy DIR PORT: nginx with a master (so `nginx -s reload` is a real
# reload, new workers beside the old ones until these finish) and one
# worker (so smooth weighted round robin gives sequential requests the
# exact split), on 127.0.0.1:PORT. Its http block includes DIR/upstream*.conf
# (the drivers' files), DIR/limits.conf and DIR/site.conf (the caller's
# servers), which must exist. NGINX_NETNS, when set, is the network
# namespace it runs in. Sets NGINX_MASTER and NGINX_TEST/NGINX_RELOAD
# (the driver's "test" and "reload" as JSON arrays).
nginx_proxy() {
  local d=$1 port=$2 i
  mkdir -p "$d/tmp"
  cat >"$d/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
$( [[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);" )
events { worker_connections 256; }
http {
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  access_log off;
  include $d/upstream*.conf;
  include $d/limits.conf;
  include $d/site.conf;
}
CONF
  NGINX_TEST="[\"nginx\", \"-q\", \"-p\", \"$d\", \"-c\", \"$d/nginx.conf\", \"-t\"]"
  NGINX_RELOAD="[\"nginx\", \"-p\", \"$d\", \"-c\", \"$d/nginx.conf\", \"-s\", \"reload\"]"
  ${NGINX_NETNS:+ip netns exec "$NGINX_NETNS"} nginx -p "$d" -c "$d/nginx.conf" >"$d/stdout" 2>"$d/stderr" &
  NGINX_MASTER=$!
  started "$NGINX_MASTER"
  trap 'nginx_stop; cleanup' EXIT
  for ((i = 0; i < 200; i++)); do
    [[ -n $(nginx_workers) ]] && ${NGINX_NETNS:+ip netns exec "$NGINX_NETNS"} bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "nginx did not start: $(cat "$d/stderr" "$d/error.log" 2>/dev/null)"
}

# nginx_stop: ends the master with SIGTERM, which ends its workers (lib.sh's
# SIGKILL to the master alone would leave them running), then SIGKILL to
# any worker still there after 2 s.
nginx_stop() {
  [[ -n ${NGINX_MASTER:-} ]] || return 0
  local workers i pid
  workers=$(nginx_workers)
  kill -TERM "$NGINX_MASTER" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    is_running "$NGINX_MASTER" || break
    sleep 0.05
  done
  for pid in $workers; do kill -KILL "$pid" 2>/dev/null || true; done
}

# nginx_workers: the pids of the master's workers, one a line.
nginx_workers() {
  local pid
  for pid in $(cat "/proc/$NGINX_MASTER/task/$NGINX_MASTER/children" 2>/dev/null); do echo "$pid"; done
}

# nginx_reloaded OLD_WORKERS: waits (10 s) until none of OLD_WORKERS (a
# space-separated list) is left and a new worker runs: the reload the
# driver asked for has taken effect, so every request after it sees the
# new file. Prints the milliseconds it took.
nginx_reloaded() {
  local old=$1 i pid left t0
  t0=$(now_ms)
  for ((i = 0; i < 500; i++)); do
    left=
    for pid in $old; do is_running "$pid" && left=1; done
    [[ -z $left && -n $(nginx_workers) ]] && { echo $(($(now_ms) - t0)); return 0; }
    sleep 0.02
  done
  fail "nginx: old workers ($old) still running 10 s after the reload"
}

# count_served URL N: N sequential requests (one keep-alive connection) to
# URL, from NGINX_NETNS when set; prints "NAME COUNT" per X-Served-By value
# and "status CODE COUNT" per status other than 200, "error NAME COUNT"
# per failed exchange, sorted.
count_served() {
  ${NGINX_NETNS:+ip netns exec "$NGINX_NETNS"} /usr/bin/python3 - "$1" "$2" <<'PY'
import collections, http.client, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
counts = collections.Counter()
for _ in range(int(sys.argv[2])):
    try:
        conn.request("GET", url.path or "/")
        r = conn.getresponse()
        r.read()
    except OSError as e:
        counts["error " + type(e).__name__] += 1
        conn.close()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
        continue
    if r.status != 200:
        counts["status %d" % r.status] += 1
    else:
        counts[r.getheader("X-Served-By", "-")] += 1
    if r.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
for k in sorted(counts):
    print(k, counts[k])
PY
}

# backend_count NAME: how many requests backend NAME served, by its own count.
backend_count() {
  local port_var=BACKEND_PORT_$1
  curl -sf "http://127.0.0.1:${!port_var}/_count"
}
