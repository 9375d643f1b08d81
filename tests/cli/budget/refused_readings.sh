#!/usr/bin/env bash
# Readings the ledger cannot take are refused like bad usage (65, file,
# line and field), never passed over as "duplicates": a counter growing by
# 9.3e12 (or a glitch reading 1e300) would overflow the ledger's
# millionths, and the counter must stay where it was for the next sample;
# a battery charge above 1 (150 %, or a raw 2 % read as 2) is not a full
# battery.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config
# The test config plus a meter: edge executions counted by the edge.
jq '.budget.meters = {"edge_fn_invocations_total": {"component": "checkout", "resource": "edge.exec"}}' \
  "$EVT_CONFIG" >"$TMP/meter.json"
mv "$TMP/meter.json" "$EVT_CONFIG"
at=(--at 2026-12-05T11:00:00Z)

counter() {  # TS VALUE
  printf '{"kind":"metric","v":1,"ts":"%s","source":"edge","name":"edge_fn_invocations_total","type":"counter","value":%s}\n' "$1" "$2"
}
{
  counter 2026-12-05T10:00:00.000Z 1000
  counter 2026-12-05T10:01:00.000Z 9300000001000
} >"$TMP/huge.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/huge.jsonl"
expect_rc "a 9.3e12 growth" 65
grep -q "huge.jsonl:2: \"value\": expected a counter growing by less than 9e12 units between two samples" "$TMP/err" ||
  fail "a 9.3e12 growth: $(cat "$TMP/err")"

counter 2026-12-05T10:02:00.000Z 1e300 >"$TMP/glitch.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/glitch.jsonl"
expect_rc "a 1e300 glitch" 65
grep -q "glitch.jsonl:1: \"value\": expected a counter growing" "$TMP/err" || fail "a 1e300 glitch: $(cat "$TMP/err")"

# The counter stayed at 1000: 20,001,000 is 20 million executions, 12.00 EUR.
counter 2026-12-05T10:03:00.000Z 20001000 >"$TMP/next.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/next.jsonl"
expect_rc "the next sample" 0
run "$BUDGET" status --json "${at[@]}"
[[ $(field "$TMP/out" 0 .spent) == 1200 ]] || fail "after the refusals: spent $(field "$TMP/out" 0 .spent), expected 1200"

charge() {  # TS VALUE
  printf '{"kind":"metric","v":1,"ts":"%s","source":"ups","name":"nut_battery_charge","value":%s,"type":"gauge"}\n' "$1" "$2"
}
for bad in 1.5 2; do
  charge 2026-12-05T10:04:00.000Z "$bad" >"$TMP/charge.jsonl"
  run "$BUDGET" ingest "${at[@]}" "$TMP/charge.jsonl"
  expect_rc "battery.charge $bad" 65
  grep -q "charge.jsonl:1: \"value\": expected a ratio from 0 to 1 for battery.charge" "$TMP/err" ||
    fail "battery.charge $bad: $(cat "$TMP/err")"
done
echo ok
