#!/usr/bin/env bash
# How evt-outbox run treats the shop's answers: a 429 with Retry-After is
# honoured (nothing reaches the API before it), a 400 dead-letters the
# order with the response (visible in list, replayed by retry), a wrong
# token is a clear error naming the destination and nothing is lost.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/deliver_helpers.bash"

start_api
write_config
put_orders 3

# 429 with Retry-After: 2 on the first order; the run ends the pass, the
# next run waits for the record's next attempt, and the API sees no
# request for that order before the two seconds are up.
control '{"status": 429, "retry_after": "2", "count": 1}'
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run after a 429" 0
expect_valid "run after a 429" "$TMP/out"
jq -e 'select(.event == "retry") | .status == 429 and .retry_after_ms == 2000' "$TMP/out" >/dev/null ||
  fail "no retry record with the 429 and its Retry-After: $(cat "$TMP/out")"
[[ $(jq -s 'length' "$TMP/out") -eq 1 ]] || fail "the pass sent more after the 429: $(cat "$TMP/out")"
first_ms=$(stats | jq '.keys["o-1"].post_ms[0]')
for ((i = 0; i < 60; i++)); do
  run "$OUTBOX" --config "$CONFIG" run
  expect_rc "run while waiting out Retry-After" 0
  [[ $(pending_count) -eq 0 ]] && break
  sleep 0.1
done
[[ $(pending_count) -eq 0 ]] || fail "orders still pending after Retry-After"
second_ms=$(stats | jq '.keys["o-1"].post_ms[1]')
((second_ms - first_ms >= 2000)) || fail "o-1 was posted again $((second_ms - first_ms)) ms after the 429 asked for 2000"
expect_each_committed_once 3 o

# 400 to one order: dead-lettered with the API's response, listed, and
# delivered by `retry` once the shop takes it.
put_orders 2 bad
control '{"reject_id": "bad-2", "status": 400}'
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with a 400" 0
expect_valid "run with a 400" "$TMP/out"
jq -e 'select(.id == "bad-2") | .event == "dead_letter" and .status == 400 and (.response | contains("told to fail"))' \
  "$TMP/out" >/dev/null || fail "bad-2 not dead-lettered with the response: $(cat "$TMP/out")"
run "$OUTBOX" --config "$CONFIG" list --state dead_lettered --json
expect_rc "list dead letters" 0
[[ $(jq -r '.id' "$TMP/out") == bad-2 ]] || fail "list --state dead_lettered: $(cat "$TMP/out")"
grep -q 'told to fail' "$TMP/out" || fail "the dead letter does not show the response: $(cat "$TMP/out")"
control '{"reset": true}'
run "$OUTBOX" --config "$CONFIG" retry shop bad-2
expect_rc "retry bad-2" 0
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run after retry" 0
jq -e 'select(.id == "bad-2") | .event == "delivered"' "$TMP/out" >/dev/null || fail "bad-2 not delivered after retry: $(cat "$TMP/out")"
expect_each_committed_once 2 bad

# A wrong token: 78 naming the destination and the token's source (never
# its value); the order stays pending, and goes once the token is right.
put_orders 1 tok
good=$(cat "$TMP/shop.token")
printf 'wrong\n' >"$TMP/shop.token"
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with a wrong token" 78
grep -q 'destination shop: the API refused the credentials (HTTP 401)' "$TMP/err" || fail "unclear error: $(cat "$TMP/err")"
grep -q 'shop.token' "$TMP/err" || fail "the error does not say where the token came from: $(cat "$TMP/err")"
! grep -q wrong "$TMP/err" || fail "the error shows the token: $(cat "$TMP/err")"
[[ $(pending_count) -eq 1 ]] || fail "the order is not pending after a refused token"
printf '%s\n' "$good" >"$TMP/shop.token"
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with the right token" 0
expect_each_committed_once 1 tok

# A token file others can read is refused before anything is sent.
chmod 644 "$TMP/shop.token"
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with a 0644 token" 78
grep -q 'destination shop' "$TMP/err" || fail "the error does not name the destination: $(cat "$TMP/err")"
