#!/usr/bin/env bash
# evt-probe http against a loopback server: records, phases, expectations,
# cache status, Server-Timing, redirects, bodies, refused ports; exit codes.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_http_server web
base=http://127.0.0.1:$PORT_web

run "$PROBE" http "$base/ok"
expect_rc "http /ok" 0
expect_json_lines "http /ok" "$TMP/out"
validate "$TMP/out"
jq -e '.kind == "probe" and .check == "http" and .ok and .status == 200 and .bytes == 3 and
       .http_version == "1.1" and .reused == false and .remote_ip == "127.0.0.1" and .cache == "unknown" and
       .target == .url' "$TMP/out" >/dev/null || fail "http /ok: unexpected record: $(cat "$TMP/out")"
# The phases add up to the total within 1 ms.
jq -e '(.phases.dns_ms + .phases.connect_ms + .phases.tls_ms + .phases.processing_ms + .phases.transfer_ms
        - .total_ms) | fabs < 1' "$TMP/out" >/dev/null || fail "phases do not sum to total_ms: $(cat "$TMP/out")"

# A 500 fails the check: exit 1, and the record says why.
run "$PROBE" http "$base/status/500" "$base/ok"
expect_rc "http /status/500" 1
validate "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 2 ]] || fail "expected 2 records, got: $(cat "$TMP/out")"
jq -se 'any(.[]; (.url | endswith("/status/500")) and .ok == false and .status == 500 and
       .error == "expected status 2xx, got 500")' "$TMP/out" >/dev/null || fail "500: $(cat "$TMP/out")"
run "$PROBE" http --expect-status 500,502-504 "$base/status/500"
expect_rc "--expect-status 500" 0

# Body and header expectations.
run "$PROBE" http --expect-body '^o[k]$' "$base/ok"
expect_rc "--expect-body matching" 0
run "$PROBE" http --expect-body 'nope' "$base/ok"
expect_rc "--expect-body not matching" 1
jq -e '.error == "body does not match /nope/"' "$TMP/out" >/dev/null || fail "body: $(cat "$TMP/out")"
run "$PROBE" http --expect-header 'content-type:^text/plain$' "$base/ok"
expect_rc "--expect-header matching" 0
run "$PROBE" http --expect-header 'X-Missing:.' "$base/ok"
expect_rc "--expect-header missing" 1
jq -e '.error == "header x-missing missing"' "$TMP/out" >/dev/null || fail "header: $(cat "$TMP/out")"
run "$PROBE" http --expect-body '(' "$base/ok"
expect_rc "a bad regex is a usage error" 2

# Cache status and Server-Timing from the response headers.
run "$PROBE" http "$base/headers?X-Cache=MISS,%20HIT&Server-Timing=db;dur=53,%20app;desc=%22render%22;dur=4.5"
expect_rc "headers" 0
validate "$TMP/out"
jq -e '.cache == "hit" and .cache_header == "x-cache" and
       .server_timing == [{"name":"db","dur_ms":53.0},{"name":"app","dur_ms":4.5,"desc":"render"}]' \
  "$TMP/out" >/dev/null || fail "cache/server timing: $(cat "$TMP/out")"
run "$PROBE" http "$base/headers?CF-Cache-Status=EXPIRED"
jq -e '.cache == "expired" and .cache_header == "cf-cache-status"' "$TMP/out" >/dev/null || fail "cf: $(cat "$TMP/out")"

# Redirects: not followed by default (a 302 is not 2xx), counted with -L.
run "$PROBE" http "$base/redirect/2"
expect_rc "redirect not followed" 1
jq -e '.status == 302 and .redirects == 0' "$TMP/out" >/dev/null || fail "302: $(cat "$TMP/out")"
run "$PROBE" http -L "$base/redirect/2"
expect_rc "redirect followed" 0
jq -e '.status == 200 and .redirects == 3 and (.url | endswith("/redirect/2"))' "$TMP/out" >/dev/null ||
  fail "-L: $(cat "$TMP/out")"

# A body from --data and from stdin; the method.
run "$PROBE" http -X POST --data 'hello' --expect-body '^POST hello$' "$base/echo"
expect_rc "--data" 0
printf 'from stdin' >"$TMP/body"
run "$PROBE" http -X PUT --data-file - --expect-body '^PUT from stdin$' "$base/echo" <"$TMP/body"
expect_rc "--data-file -" 0
run "$PROBE" http -X HEAD "$base/big/5000"
expect_rc "HEAD" 0
jq -e '.bytes == 0' "$TMP/out" >/dev/null || fail "HEAD read a body: $(cat "$TMP/out")"
run "$PROBE" http "$base/big/100000"
jq -e '.bytes == 100000' "$TMP/out" >/dev/null || fail "bytes: $(cat "$TMP/out")"

# --resolve sends a made-up name to the loopback server.
run "$PROBE" http --resolve "shop.invalid:$PORT_web:127.0.0.1" "http://shop.invalid:$PORT_web/ok"
expect_rc "--resolve" 0

# A port nobody listens on.
port=$(free_port)
run "$PROBE" http "http://127.0.0.1:$port/"
expect_rc "refused" 1
validate "$TMP/out"
jq -e '.ok == false and .error == "connection refused"' "$TMP/out" >/dev/null || fail "refused: $(cat "$TMP/out")"

# Usage errors.
run "$PROBE" http
expect_rc "no URL" 2
run "$PROBE" http --timeout 2parsecs "$base/ok"
expect_rc "bad --timeout" 2
grep -q -- "--timeout" "$TMP/err" || fail "bad --timeout: $(cat "$TMP/err")"
run "$PROBE" http -4 -6 "$base/ok"
expect_rc "-4 -6" 2
echo "http_checks: ok"
