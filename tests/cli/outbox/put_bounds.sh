#!/usr/bin/env bash
# The bounds: a critical queue at its bound refuses a put with 75, stores
# nothing of that batch and loses nothing it holds; a non-essential queue
# sheds its oldest records to make room, each one reported and counted.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

write_config "$CONFIG" kiosk-a 1000 600
orders 1 1 >"$TMP/one.jsonl"
line_bytes=$(($(wc -c <"$TMP/one.jsonl") - 1))
fit=$((1000 / line_bytes))  # orders that fit under the bound

orders 1 "$fit" >"$TMP/fit.jsonl"
run "$OUTBOX" put orders "$TMP/fit.jsonl"
expect_rc "orders up to the bound" 0
[[ $(count outbox.put added "$TMP/out") == "$fit" ]] || fail "not $fit added: $(cat "$TMP/out")"

orders $((fit + 1)) $((fit + 4)) >"$TMP/more.jsonl"
run "$OUTBOX" put orders --batch 2 "$TMP/more.jsonl"
expect_rc "a critical queue at its bound" 75
expect_valid "the refused batch" "$TMP/out"
grep -q 'queue orders (critical) is full' "$TMP/err" || fail "the refusal does not name the queue: $(cat "$TMP/err")"
[[ $(jq -s 'map(select(.kind == "outbox.put")) | length' "$TMP/out") == 1 ]] || fail "put went on after a refused batch: $(cat "$TMP/out")"
[[ $(count outbox.put refused "$TMP/out") == 2 && $(count outbox.put added "$TMP/out") == 0 ]] ||
  fail "the batch is not refused whole: $(cat "$TMP/out")"
diff <(held_ids) <(for ((i = 1; i <= fit; i++)); do echo "o$i"; done | sort) >"$TMP/diff" ||
  fail "the accepted orders changed: $(cat "$TMP/diff")"
"$OUTBOX" status --json >"$TMP/status.jsonl"
[[ $(jq -r 'select(.queue == "orders") | .shed' "$TMP/status.jsonl") == 0 ]] || fail "a critical record was shed"

# telemetry: 20 records of ~60 bytes into 600 bytes, 5 per batch.
for ((i = 1; i <= 20; i++)); do printf '{"kind":"metric","id":"m%02d","name":"rsrp","value":-%d}\n' "$i" "$i"; done >"$TMP/metrics.jsonl"
run "$OUTBOX" put telemetry --batch 5 "$TMP/metrics.jsonl"
expect_rc "a non-essential queue past its bound" 0
expect_valid "shedding" "$TMP/out"
shed=$(jq -s 'map(select(.kind == "outbox.shed")) | length' "$TMP/out")
((shed > 0)) || fail "nothing was shed: $(cat "$TMP/out")"
[[ $(count outbox.put shed "$TMP/out") == "$shed" ]] || fail "the put records do not count the shed records"
held=$("$OUTBOX" list --queue telemetry --json | jq -s length)
((held + shed == 20)) || fail "held $held + shed $shed is not the 20 put"
# Oldest first: what is left is the newest, m20 among it, and m01 went first.
jq -r 'select(.kind == "outbox.shed") | .id' "$TMP/out" | head -1 | grep -qx m01 || fail "m01 was not shed first"
"$OUTBOX" list --queue telemetry --json | jq -r .id | grep -qx m20 || fail "the newest record was shed"
"$OUTBOX" status --json >"$TMP/status.jsonl"
expect_valid "status" "$TMP/status.jsonl"
[[ $(jq -r 'select(.queue == "telemetry") | .shed' "$TMP/status.jsonl") == "$shed" ]] ||
  fail "status does not count the shed records: $(cat "$TMP/status.jsonl")"
# The orders are still all there.
[[ $(held_ids | grep -c '^o') == "$fit" ]] || fail "shedding telemetry touched the orders"
