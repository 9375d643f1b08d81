#!/usr/bin/env bash
# TLS verification (on unless --insecure), certificate expiry in words, and
# timeouts that name the phase they were stuck in.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

make_certs
start_http_server good --tls "$TMP/good.pem" "$TMP/good.key"
start_http_server expired --tls "$TMP/expired.pem" "$TMP/expired.key"

run "$PROBE" http --cacert "$TMP/ca.pem" "https://localhost:$PORT_good/ok"
expect_rc "valid certificate" 0
validate "$TMP/out"
jq -e '.ok and .phases.tls_ms > 0 and .cert_days_left >= 29 and .cert_days_left <= 30 and
       (.cert_expires | test("Z$"))' "$TMP/out" >/dev/null || fail "valid: $(cat "$TMP/out")"
jq -e '(.phases.dns_ms + .phases.connect_ms + .phases.tls_ms + .phases.processing_ms + .phases.transfer_ms
        - .total_ms) | fabs < 1' "$TMP/out" >/dev/null || fail "TLS phases do not sum to total_ms: $(cat "$TMP/out")"

# Verification is on by default: a private CA is not trusted.
run "$PROBE" http "https://localhost:$PORT_good/ok"
expect_rc "untrusted CA" 1
jq -e '.ok == false and (.error | startswith("TLS: "))' "$TMP/out" >/dev/null || fail "untrusted: $(cat "$TMP/out")"
run "$PROBE" http --insecure "https://localhost:$PORT_good/ok"
expect_rc "--insecure" 0

run "$PROBE" http --cacert "$TMP/ca.pem" "https://localhost:$PORT_expired/ok"
expect_rc "expired certificate" 1
validate "$TMP/out"
jq -e '.error == "TLS: certificate expired 3 days ago" and .cert_days_left == -4' "$TMP/out" >/dev/null ||
  fail "expired: $(cat "$TMP/out")"
run "$PROBE" http -k "https://localhost:$PORT_expired/ok"
expect_rc "expired, --insecure" 0
jq -e '.cert_days_left == -4' "$TMP/out" >/dev/null || fail "expired -k: $(cat "$TMP/out")"

# A listener that never answers: stuck in the TLS handshake, or waiting
# for the response; the attempt ends at the timeout.
start_silent_listener
start=$(date +%s%N)
run "$PROBE" http --timeout 700ms "https://127.0.0.1:$PORT_silent/"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc "silent TLS" 1
validate "$TMP/out"
jq -e '.error == "timeout after 700 ms in TLS handshake" and .total_ms >= 690' "$TMP/out" >/dev/null ||
  fail "silent TLS: $(cat "$TMP/out")"
((elapsed_ms < 3000)) || fail "a 700 ms timeout took $elapsed_ms ms"
run "$PROBE" http --timeout 500ms "http://127.0.0.1:$PORT_silent/"
jq -e '.error == "timeout after 500 ms in waiting for the response"' "$TMP/out" >/dev/null ||
  fail "silent HTTP: $(cat "$TMP/out")"
start_http_server web
run "$PROBE" http --timeout 300ms "http://127.0.0.1:$PORT_web/delay/2000"
jq -e '.error == "timeout after 300 ms in waiting for the response"' "$TMP/out" >/dev/null ||
  fail "slow upstream: $(cat "$TMP/out")"

# TCP: connect time, refused.
run "$PROBE" tcp "127.0.0.1:$PORT_web" "127.0.0.1:$(free_port)"
expect_rc "tcp" 1
validate "$TMP/out"
jq -se 'length == 2 and (map(select(.ok)) | length == 1) and
        (map(select(.ok == false))[0].error == "connection refused") and
        (map(select(.ok))[0].phases.connect_ms >= 0)' "$TMP/out" >/dev/null || fail "tcp: $(cat "$TMP/out")"
echo "tls_and_timeouts: ok"
