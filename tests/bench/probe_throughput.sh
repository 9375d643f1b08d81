#!/usr/bin/env bash
# HTTP probes per second against a local nginx, beside the same workload
# driven through curl in the same run, and evt-probe's peak RSS.
#
#   tests/bench/probe_throughput.sh [PROBES=20000] [BUILD_DIR=build]
#
# Both clients make PROBES requests to nginx's /ok on loopback, at most 64
# at once, each on a fresh TCP connection (evt-probe's default; curl gets
# "Connection: close" and --parallel-max 64). evt-probe writes its records
# to /dev/null; curl writes a '%{json}' line per transfer, its closest
# equivalent. Prints probes/s by wall clock for both, the ratio, probes per
# CPU second (user+system) for both and that ratio (the goal in doc/design.md §11: steadier
# than the wall clock on a shared machine), and evt-probe's peak RSS. Pinned to one core with taskset when
# available, since the target is 2,000 probes/s on one core.
set -euo pipefail
probes=${1:-20000}
build=${2:-build}
[[ -z $probes ]] && probes=20000
[[ "$probes" =~ ^[1-9][0-9]*$ ]] || { echo "probe_throughput: PROBES must be a positive integer" >&2; exit 2; }
probe="$build/bin/evt-probe"
[[ -x $probe ]] || { echo "probe_throughput: $probe not found; build $build first" >&2; exit 66; }
for tool in nginx curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "probe_throughput: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-probe-bench.XXXXXX")
nginx_pid=
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
daemon off;
master_process off;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
$( [[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);" )
worker_rlimit_nofile 8192;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location = /ok { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
nginx -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "http://127.0.0.1:$port/ok" && break; sleep 0.05; done
url="http://127.0.0.1:$port/ok"

pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
concurrency=64
per_target=$(((probes + concurrency - 1) / concurrency))
total=$((per_target * concurrency))
urls=()
for ((i = 0; i < concurrency; i++)); do urls+=("$url"); done

# evt-probe: 64 targets (the same URL), each probed back to back.
/usr/bin/time -f '%e %U %S %M' -o "$tmp/probe.time" "${pin[@]}" "$probe" http --json --count "$per_target" \
  --interval 0s --window 1000000 --concurrency $concurrency "${urls[@]}" >"$tmp/probe.out" || true
ok=$(grep -c '"kind":"probe","v":1.*"ok":true' "$tmp/probe.out" || true)

# curl: the same number of transfers from a config file.
for ((i = 0; i < total; i++)); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$tmp/curl.cfg"
/usr/bin/time -f '%e %U %S %M' -o "$tmp/curl.time" "${pin[@]}" curl -s --parallel --parallel-max $concurrency \
  --no-progress-meter -H 'Connection: close' -w '%{json}\n' -K "$tmp/curl.cfg" >"$tmp/curl.out" 2>/dev/null || true
curl_ok=$(grep -c '"http_code":200' "$tmp/curl.out" || true)

read -r p_wall p_user p_sys p_rss <"$tmp/probe.time"
read -r c_wall c_user c_sys c_rss <"$tmp/curl.time"
awk -v n="$total" -v ok="$ok" -v cok="$curl_ok" -v pw="$p_wall" -v pu="$p_user" -v ps="$p_sys" -v pr="$p_rss" \
    -v cw="$c_wall" -v cu="$c_user" -v cs="$c_sys" -v cr="$c_rss" -v pinned="${pin[*]:-no}" 'BEGIN {
  printf "probes: %d at concurrency 64 against nginx on loopback (pinned: %s)\n", n, pinned
  printf "evt-probe: %d ok, %.2f s wall, %.0f probes/s, cpu %.2f s, peak RSS %.1f MB\n", ok, pw, n / pw, pu + ps, pr / 1024
  printf "curl:      %d ok, %.2f s wall, %.0f probes/s, cpu %.2f s, peak RSS %.1f MB\n", cok, cw, n / cw, cu + cs, cr / 1024
  printf "ratio evt-probe/curl (probes/s): %.2f\n", (n / pw) / (n / cw)
  pc = pu + ps; cc = cu + cs
  if (pc > 0 && cc > 0)
    printf "probes per CPU second: evt-probe %.0f, curl %.0f, ratio %.2f (target >= 3)\n", n / pc, n / cc, cc / pc
}'
