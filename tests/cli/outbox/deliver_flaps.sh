#!/usr/bin/env bash
# The link flaps during a drain: `run --watch` delivers while the order API
# goes away for a moment, three times. No order is lost, none committed
# twice, and the ramp shows in the records: after each recovery the rate
# starts low and rises interval by interval.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/deliver_helpers.bash"

ORDERS=80
RATE=40 RAMP_START=0.125 RAMP_EVERY=300ms
start_api
write_config
put_orders "$ORDERS"

"$OUTBOX" --config "$CONFIG" run --watch --interval 100ms >"$TMP/run.jsonl" 2>"$TMP/run.err" &
pid=$!
started "$pid"
for flap in 1 2 3; do
  sleep "0.$((300 + RANDOM % 400))"
  control '{"down_ms": 700}'
  sleep 0.7
done
for ((i = 0; i < 200; i++)); do
  [[ $(pending_count) -eq 0 ]] && break
  sleep 0.1
done
kill -TERM "$pid"
wait_exit "$pid" 10
[[ $RC -eq 143 ]] || fail "run --watch ended with $RC on SIGTERM, expected 143: $(cat "$TMP/run.err")"
[[ $(pending_count) -eq 0 ]] || fail "orders still pending 20 s after the last flap"
expect_each_committed_once "$ORDERS" o
expect_valid "run --watch records" "$TMP/run.jsonl"

retries=$(jq -s '[.[] | select(.event == "retry")] | length' "$TMP/run.jsonl")
((retries > 0)) || fail "no send failed: the flaps missed the drain"
# After the last failure the ramp starts again low and climbs: the first
# delivery's rate is under the cap, and a later one is higher.
jq -s -e --argjson cap "$RATE" '
  (map(.event) | rindex("retry")) as $last
  | [.[$last + 1:][] | select(.event == "delivered") | .rate_per_s] as $rates
  | ($rates | length) > 1 and $rates[0] < $cap and ($rates | max) > $rates[0]' "$TMP/run.jsonl" >/dev/null ||
  fail "no ramp after recovery: $(jq -c -s 'map([.event, .rate_per_s])' "$TMP/run.jsonl")"
echo "$TEST_NAME: $retries failed sends; rates after the last: $(jq -s -c '(map(.event) | rindex("retry")) as $l | [.[$l + 1:][] | select(.event == "delivered") | .rate_per_s] | unique' "$TMP/run.jsonl")" >&2
