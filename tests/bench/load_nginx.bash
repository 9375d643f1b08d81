# Sourced by the evt-load benchmarks: a private nginx on loopback answering
# every path with 200 "ok" (keep-alive, return 200, no log), pinned to core
# 0 when taskset exists so the client under test can have core 1; the
# autocannon the benchmarks compare with; cleanup on exit.
bench_tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-load-bench.XXXXXX")
bench_pids=()
bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT

server_pin=() client_pin=()
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  server_pin=(taskset -c 0)
  client_pin=(taskset -c 1)
fi

# start_bench_nginx: sets BENCH_URL.
start_bench_nginx() {
  local port i
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$bench_tmp/nginx"
  cat >"$bench_tmp/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $bench_tmp/nginx/nginx.pid;
error_log $bench_tmp/nginx/error.log warn;
$( [[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);" )
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $bench_tmp/nginx/body;
  proxy_temp_path $bench_tmp/nginx/proxy;
  fastcgi_temp_path $bench_tmp/nginx/fastcgi;
  uwsgi_temp_path $bench_tmp/nginx/uwsgi;
  scgi_temp_path $bench_tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  "${server_pin[@]}" nginx -p "$bench_tmp/nginx" -c "$bench_tmp/nginx/nginx.conf" &
  bench_pids+=($!)
  BENCH_URL="http://127.0.0.1:$port/"
  for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "$BENCH_URL" && return 0; sleep 0.05; done
  echo "bench: nginx did not start: $(cat "$bench_tmp/nginx/error.log")" >&2
  exit 69
}

# npm's autocannon from EVT_NODE_PREFIX (install-deps.sh bench), as a
# command taskset can run: "${client_pin[@]}" "${autocannon[@]}" ARGS...
EVT_NODE_PREFIX=${EVT_NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/evt/node}
autocannon_bin=$EVT_NODE_PREFIX/node_modules/.bin/autocannon
autocannon=(env "NODE_PATH=$EVT_NODE_PREFIX/node_modules" "$autocannon_bin")
