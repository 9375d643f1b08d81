#!/usr/bin/env bash
# Cache status from a real cache: nginx's proxy_cache reporting
# $upstream_cache_status (first a miss, then hits), a 500 and a slow
# upstream behind it, and `evt-probe cdn` with its hit ratio threshold.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

make_certs
start_http_server web
start_nginx "$PORT_web"
base=http://127.0.0.1:$PORT_nginx

run "$PROBE" http "$base/cached/headers?n=1"
expect_rc "first request" 0
validate "$TMP/out"
jq -e '.cache == "miss" and .cache_header == "x-cache-status"' "$TMP/out" >/dev/null || fail "miss: $(cat "$TMP/out")"
run "$PROBE" http --count 2 --interval 10ms "$base/cached/headers?n=1"
jq -se 'map(select(.kind == "probe") | .cache) == ["hit", "hit"]' "$TMP/out" >/dev/null || fail "hits: $(cat "$TMP/out")"

run "$PROBE" http "$base/fail"
expect_rc "nginx 500" 1
jq -e '.status == 500 and .error == "expected status 2xx, got 500"' "$TMP/out" >/dev/null || fail "500: $(cat "$TMP/out")"

run "$PROBE" http --timeout 400ms "$base/slow/delay/1500"
expect_rc "slow upstream" 1
jq -e '.error == "timeout after 400 ms in waiting for the response"' "$TMP/out" >/dev/null || fail "slow: $(cat "$TMP/out")"

# Over HTTPS too.
run "$PROBE" http --cacert "$TMP/ca.pem" "https://localhost:$PORT_nginx_tls/cached/headers?n=1"
expect_rc "https hit" 0
jq -e '.cache == "hit" and .phases.tls_ms > 0' "$TMP/out" >/dev/null || fail "https hit: $(cat "$TMP/out")"

# Four assets, all cold: 4 of 8 probes hit on two rounds (the second round).
assets=()
for i in 1 2 3 4; do assets+=("$base/cached/big/$((100 + i))"); done
run "$PROBE" cdn --name assets --count 2 --interval 10ms "${assets[@]}"
expect_rc "cdn at 0.5 under 0.85" 1
validate "$TMP/out"
jq -se 'map(select(.kind == "probe.cdn"))[0] | .target == "assets" and .probes == 8 and .hits == 4 and
        .hit_ratio == 0.5 and .ok == false' "$TMP/out" >/dev/null || fail "cdn cold: $(cat "$TMP/out")"
# Warm now: every probe hits.
run "$PROBE" cdn "${assets[@]}"
expect_rc "cdn warm" 0
jq -se 'map(select(.kind == "probe.cdn"))[0] | .target == "cdn" and .hit_ratio == 1 and .ok' "$TMP/out" >/dev/null ||
  fail "cdn warm: $(cat "$TMP/out")"
run "$PROBE" cdn --min-hit-ratio 0.4 "$base/slow/ok" "${assets[0]}"
expect_rc "cdn --min-hit-ratio 0.4" 0
run "$PROBE" cdn --min-hit-ratio 1.5 "${assets[0]}"
expect_rc "--min-hit-ratio 1.5" 2
echo "nginx_cache: ok"
