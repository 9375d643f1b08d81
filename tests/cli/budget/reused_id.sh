#!/usr/bin/env bash
# A usage id re-used for other usage (another amount, component, resource
# or time), a probe id re-used for the other outcome, or a second reading of
# a battery at the same time with another value, is not dropped as
# a "duplicate" without a word: the ledger's entry stays, and a warning
# counts them and names the first by file and line; with --strict the
# record is refused (65). A true replay stays quiet.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config
at=(--at 2026-12-05T11:00:00Z)

usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 >"$TMP/first.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/first.jsonl"
expect_rc "first ingest" 0

run "$BUDGET" ingest "${at[@]}" "$TMP/first.jsonl"
expect_rc "a replay" 0
expect_no_stderr "a replay"

{
  usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000
  usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 30000000
  usage u1 2026-12-05T10:00:00.000Z stream edge.exec 20000000
} >"$TMP/reused.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/reused.jsonl"
expect_rc "a re-used id" 0
grep -q "2 records re-use an id already in the ledger with other content; kept the ledger's" "$TMP/err" ||
  fail "a re-used id: no warning: $(cat "$TMP/err")"
grep -q "first: $TMP/reused.jsonl:2: \"id\": \"u1\" is already in the ledger with other usage (\"qty\": 30000000 here, 20000000 in the ledger)" "$TMP/err" ||
  fail "a re-used id: the warning does not name the first: $(cat "$TMP/err")"
run "$BUDGET" status --json "${at[@]}"
[[ $(field "$TMP/out" 0 .spent) == 1200 ]] || fail "a re-used id: spent $(field "$TMP/out" 0 .spent), expected 1200 (the ledger's)"

run "$BUDGET" ingest --strict "${at[@]}" "$TMP/reused.jsonl"
expect_rc "a re-used id, --strict" 65
grep -q "reused.jsonl:2: \"id\": \"u1\" is already in the ledger with other usage (\"qty\": 30000000 here, 20000000 in the ledger); --strict refuses a re-used id" "$TMP/err" ||
  fail "a re-used id, --strict: $(cat "$TMP/err")"

# check takes the same flag for the records it ingests first.
run "$BUDGET" check --strict "${at[@]}" "$TMP/reused.jsonl"
expect_rc "check --strict" 65
run "$BUDGET" status --json "${at[@]}"
[[ $(field "$TMP/out" 0 .spent) == 1200 ]] || fail "after --strict: spent $(field "$TMP/out" 0 .spent), expected 1200"

# A probe of the error budget's target, fed again with the other outcome.
jq '.budget.budgets += [{"name": "checkout-slo", "unit": "error", "objective": 0.999, "events_from": "checkout"}]' \
  "$EVT_CONFIG" >"$TMP/slo.json"
mv "$TMP/slo.json" "$EVT_CONFIG"
probe() { printf '{"kind":"probe","v":1,"ts":"2026-12-05T10:30:00.000Z","id":"p1","target":"checkout","ok":%s}\n' "$1"; }
probe true >"$TMP/probe-ok.jsonl"
probe false >"$TMP/probe-bad.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/probe-ok.jsonl"
expect_rc "a probe" 0
run "$BUDGET" ingest "${at[@]}" "$TMP/probe-ok.jsonl"
expect_no_stderr "a probe fed again"
run "$BUDGET" ingest "${at[@]}" "$TMP/probe-bad.jsonl"
expect_rc "a probe id re-used for the other outcome" 0
grep -q "1 record re-uses an id already in the ledger with other content; kept the ledger's (first: $TMP/probe-bad.jsonl:1: \"ok\": false here, true in the ledger for the same event (id \"p1\")" "$TMP/err" ||
  fail "a probe id re-used for the other outcome: $(cat "$TMP/err")"
run "$BUDGET" ingest --strict "${at[@]}" "$TMP/probe-bad.jsonl"
expect_rc "a probe id re-used, --strict" 65

# Two readings of the UPS at one instant that disagree: the ledger's stays.
reading() { printf '{"kind":"metric","v":1,"ts":"2026-12-05T10:40:00.000Z","source":"ups","name":"nut_%s","value":%s}\n' "$1" "$2"; }
{ reading battery_charge 0.8; reading ups_load 0.3; } >"$TMP/ups.jsonl"
{ reading battery_charge 0.2; reading ups_load 0.9; } >"$TMP/ups-other.jsonl"
run "$BUDGET" ingest "${at[@]}" "$TMP/ups.jsonl"
expect_rc "a reading" 0
run "$BUDGET" ingest "${at[@]}" "$TMP/ups.jsonl"
expect_no_stderr "a reading fed again"
run "$BUDGET" ingest "${at[@]}" "$TMP/ups-other.jsonl"
expect_rc "another value for the same reading" 0
grep -q "2 records re-use an id already in the ledger with other content; kept the ledger's (first: $TMP/ups-other.jsonl:1: \"value\": 0.2 here, 0.8 in the ledger for ups's battery.charge at 2026-12-05T10:40:00.000Z" "$TMP/err" ||
  fail "another value for the same reading: $(cat "$TMP/err")"
run "$BUDGET" ingest --strict "${at[@]}" "$TMP/ups-other.jsonl"
expect_rc "another value for the same reading, --strict" 65
echo ok
