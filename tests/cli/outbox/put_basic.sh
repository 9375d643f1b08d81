#!/usr/bin/env bash
# put stores records durably a batch at a time and answers each batch with
# an outbox.put record: new ids added, the same content again a duplicate
# (stored once, exit 0), other content under a stored id a conflict (the
# stored one kept, an outbox.conflict record, exit 1).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tool_helpers.bash"

orders 1 5 >"$TMP/five.jsonl"
run "$OUTBOX" put orders --batch 2 "$TMP/five.jsonl"
expect_rc "five orders" 0
expect_no_stderr "five orders"
expect_valid "five orders" "$TMP/out"
[[ $(jq -s 'map(select(.kind == "outbox.put")) | length' "$TMP/out") == 3 ]] || fail "--batch 2: not 3 batches: $(cat "$TMP/out")"
[[ $(count outbox.put added "$TMP/out") == 5 ]] || fail "not 5 added: $(cat "$TMP/out")"
[[ $(held_ids | tr '\n' ' ') == "o1 o2 o3 o4 o5 " ]] || fail "held: $(held_ids)"

# The same orders again, restamped: duplicates by content without the envelope.
sed 's/14:00:00.000Z/15:30:00.000Z/' "$TMP/five.jsonl" >"$TMP/replay.jsonl"
run "$OUTBOX" put orders <"$TMP/replay.jsonl"
expect_rc "a replay" 0
[[ $(count outbox.put duplicate "$TMP/out") == 5 && $(count outbox.put added "$TMP/out") == 0 ]] ||
  fail "a replay is not 5 duplicates: $(cat "$TMP/out")"

# Other content under a stored id: refused, reported, the rest still stored.
{ orders 3 3 7700; orders 6 6; } >"$TMP/conflict.jsonl"
run "$OUTBOX" put orders <"$TMP/conflict.jsonl"
expect_rc "a conflicting payload" 1
expect_valid "a conflict" "$TMP/out"
grep -q 'orders: 1 record conflicts' "$TMP/err" || fail "the conflict is not said on stderr: $(cat "$TMP/err")"
jq -se 'any(.[]; .kind == "outbox.conflict" and .id == "o3" and .stored.total == 2500 and .offered.total == 7700)' "$TMP/out" >/dev/null ||
  fail "no conflict record with the stored and the offered order: $(cat "$TMP/out")"
[[ $(count outbox.put added "$TMP/out") == 1 ]] || fail "o6 was not added beside the conflict: $(cat "$TMP/out")"
"$OUTBOX" list --queue orders --json >"$TMP/list.jsonl"
expect_valid "list" "$TMP/list.jsonl"
[[ $(jq -r 'select(.id == "o3") | .record.total' "$TMP/list.jsonl") == 2500 ]] || fail "the stored o3 changed"
[[ $(jq -s length "$TMP/list.jsonl") == 6 ]] || fail "not 6 orders held: $(cat "$TMP/list.jsonl")"

# Records without an id get a random 128-bit one each; telemetry has no
# destination, so nothing is pending delivery for it.
printf '{"kind":"metric","name":"rsrp","value":-97}\n{"kind":"metric","name":"rsrp","value":-97}\n' >"$TMP/metrics.jsonl"
run "$OUTBOX" put telemetry --json "$TMP/metrics.jsonl"
expect_rc "records without ids" 0
[[ $(count outbox.put added "$TMP/out") == 2 ]] || fail "two id-less records are not two: $(cat "$TMP/out")"
"$OUTBOX" list --queue telemetry --json | jq -r .id >"$TMP/ids"
grep -Eqx '[0-9a-f]{32}' "$TMP/ids" || fail "not 32 hex digits: $(cat "$TMP/ids")"

# A queue the config does not have is a usage error naming the known ones.
run "$OUTBOX" put refunds "$TMP/five.jsonl"
expect_rc "an unknown queue" 2
grep -q 'no queue "refunds".*configured: orders, telemetry' "$TMP/err" || fail "$(cat "$TMP/err")"
run "$OUTBOX" put orders --batch 0
expect_rc "--batch 0" 2
