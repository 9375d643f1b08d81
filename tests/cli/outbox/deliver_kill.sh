#!/usr/bin/env bash
# kill -9 at random points of a delivery, five times (EVT_OUTBOX_KILLS for
# the soak): the API is slowed down so that kills land while a request is
# in flight, after the shop committed and before the kiosk marked it. After
# a final run every order is delivered and the API committed each key
# once: none lost, none doubled.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/deliver_helpers.bash"

KILLS=${EVT_OUTBOX_KILLS:-5}
ORDERS=30
start_api
write_config
put_orders "$ORDERS"
control '{"delay_ms": 120}'

for ((k = 1; k <= KILLS; k++)); do
  "$OUTBOX" --config "$CONFIG" run --watch --interval 50ms >>"$TMP/runs.jsonl" 2>>"$TMP/runs.err" &
  pid=$!
  started "$pid"
  sleep "0.$((100 + RANDOM % 400))"
  kill -KILL "$pid"
  wait_exit "$pid" 5
  [[ $RC -eq 137 ]] || fail "kill $k: run ended with $RC before the kill: $(cat "$TMP/runs.err")"
done
in_flight=$(stats | jq '[.keys[] | select(.posts > .commits)] | length')
echo "$TEST_NAME: $KILLS kills; $(stats | jq '.commits') of $ORDERS committed before the final run; $in_flight keys posted again" >&2

control '{"reset": true}'
for ((i = 0; i < 50; i++)); do
  run "$OUTBOX" --config "$CONFIG" run
  expect_rc "final run" 0
  [[ $(pending_count) -eq 0 ]] && break
  sleep 0.1
done
[[ $(pending_count) -eq 0 ]] || fail "orders still pending after the final runs"
expect_each_committed_once "$ORDERS" o
run "$OUTBOX" --config "$CONFIG" status --json
expect_rc "status" 0
jq -e --argjson n "$ORDERS" 'select(.destination == "shop") | .delivered == $n and .pending == 0' "$TMP/out" >/dev/null ||
  fail "status after the kills: $(cat "$TMP/out")"
expect_valid "the killed runs' records" "$TMP/runs.jsonl"
