#!/usr/bin/env bash
# Buy flows per second against a local nginx fake checkout, beside the same
# requests made by one curl process in sequence, and evt-probe's peak RSS.
#
#   tests/bench/probe_flow.sh [RUNS=500] [BUILD_DIR=build]
#
# A run is four requests: POST /cart (the id captured from the JSON body),
# POST /cart/ID/pay (JSON pointer and regex checks), GET /cart/ID/receipt,
# DELETE /cart/ID, each on a fresh connection, with a cookie jar per run.
# curl makes the same 4*RUNS requests from one config file, one after
# another, with Connection: close and the ids written in, so the ratio is
# what captures, checks, records and the per-run jar cost over the bare
# transfers.
set -euo pipefail
runs=${1:-500}
build=${2:-build}
[[ -z $runs ]] && runs=500
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "probe_flow: RUNS must be a positive integer" >&2; exit 2; }
probe="$build/bin/evt-probe"
[[ -x $probe ]] || { echo "probe_flow: $probe not found; build $build first" >&2; exit 66; }
for tool in nginx curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "probe_flow: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-probe-flow-bench.XXXXXX")
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
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$port backlog=1024;
    location = /cart { add_header Set-Cookie "session=s-42; Path=/"; return 201 '{"id":"c-81f2","state":"open"}'; }
    location = /cart/c-81f2/pay { return 200 '{"order":"o-77","paid":true,"total":2500}'; }
    location = /cart/c-81f2/receipt { return 200 '{"order":"o-77"}'; }
    location = /cart/c-81f2 { return 204; }
  }
}
CONF
nginx -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
base="http://127.0.0.1:$port"
for ((i = 0; i < 100; i++)); do curl -s -o /dev/null -X POST "$base/cart" && break; sleep 0.05; done

cat >"$tmp/buy.json" <<JSON
{"name": "buy", "variables": {"base": "$base"},
 "steps": [
  {"name": "cart", "method": "POST", "url": "{base}/cart", "body": {"sku": "TEE-M", "qty": 1},
   "expect": {"status": "201", "json": {"/state": {"equals": "open"}}}, "capture": {"cart_id": {"json": "/id"}}},
  {"name": "pay", "method": "POST", "url": "{base}/cart/{cart_id}/pay", "body": "run={run}",
   "expect": {"json": {"/paid": {"equals": true}, "/total": {"gt": 0}}},
   "capture": {"order": {"regex": "\"order\":\"([^\"]+)\""}}},
  {"name": "receipt", "url": "{base}/cart/{cart_id}/receipt", "expect": {"json": {"/order": {"equals": "{order}"}}}},
  {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true, "expect": {"status": "204"}}]}
JSON

pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
/usr/bin/time -f '%e %U %S %M' -o "$tmp/probe.time" "${pin[@]}" "$probe" flow --json --count "$runs" \
  --interval 0s --window 1000000 "$tmp/buy.json" >"$tmp/probe.out" || true
ok=$(grep -c '"kind":"flow","v":1.*"ok":true' "$tmp/probe.out" || true)

# After "next" curl starts a fresh set of options: each request repeats its own.
each='output = "/dev/null"\nheader = "Connection: close"\nwrite-out = "%%{http_code}\\n"\nnext\n'
for ((i = 0; i < runs; i++)); do
  printf "url = \"%s/cart\"\nrequest = \"POST\"\ndata = \"{\\\\\"sku\\\\\":\\\\\"TEE-M\\\\\",\\\\\"qty\\\\\":1}\"\n$each" "$base"
  printf "url = \"%s/cart/c-81f2/pay\"\nrequest = \"POST\"\ndata = \"run=%d\"\n$each" "$base" "$i"
  printf "url = \"%s/cart/c-81f2/receipt\"\n$each" "$base"
  printf "url = \"%s/cart/c-81f2\"\nrequest = \"DELETE\"\n$each" "$base"
done | sed '$d' >"$tmp/curl.cfg"  # no "next" after the last request
/usr/bin/time -f '%e %U %S %M' -o "$tmp/curl.time" "${pin[@]}" curl -s --no-progress-meter \
  -K "$tmp/curl.cfg" >"$tmp/curl.out" 2>/dev/null || true
curl_ok=$(grep -Ec '^(200|201|204)$' "$tmp/curl.out" || true)

read -r p_wall p_user p_sys p_rss <"$tmp/probe.time"
read -r c_wall c_user c_sys c_rss <"$tmp/curl.time"
p50=$(grep '"kind":"flow.window"' "$tmp/probe.out" | sed -E 's/.*"p50_ms":([0-9.]+).*/\1/')
p95=$(grep '"kind":"flow.window"' "$tmp/probe.out" | sed -E 's/.*"p95_ms":([0-9.]+).*/\1/')
awk -v n="$runs" -v ok="$ok" -v cok="$curl_ok" -v pw="$p_wall" -v pu="$p_user" -v ps="$p_sys" -v pr="$p_rss" \
    -v cw="$c_wall" -v cu="$c_user" -v cs="$c_sys" -v cr="$c_rss" -v p50="$p50" -v p95="$p95" \
    -v pinned="${pin[*]:-no}" 'BEGIN {
  printf "flow runs: %d of 4 requests each against nginx on loopback (pinned: %s)\n", n, pinned
  printf "evt-probe flow: %d ok, %.2f s wall, %.0f runs/s, cpu %.2f s, peak RSS %.1f MB, run p50 %s ms p95 %s ms\n",
         ok, pw, n / pw, pu + ps, pr / 1024, p50, p95
  printf "curl:           %d of %d requests ok, %.2f s wall, %.0f runs/s, cpu %.2f s, peak RSS %.1f MB\n",
         cok, 4 * n, cw, n / cw, cu + cs, cr / 1024
  printf "ratio evt-probe/curl (runs/s): %.2f\n", (n / pw) / (n / cw)
}'
