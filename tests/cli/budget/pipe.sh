#!/usr/bin/env bash
# Records in, decisions out: usage piped into `check -`, then `status`,
# `report`, idempotent re-feeding, and bad input named by line and field.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

{
  usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000
  usage u2 2026-12-05T10:30:00.000Z analytics cdn.request 3000000
  echo '{"kind":"scan","v":1,"ts":"2026-12-05T10:31:00.000Z"}'
} >"$TMP/in.jsonl"

# 12.00 EUR of edge and 2.25 EUR of CDN in the first hour: 14.25 EUR, and
# 171 EUR forecast for the event against 50 EUR: over, so check exits 1.
run "$BUDGET" check - --at 2026-12-05T11:00:00Z <"$TMP/in.jsonl"
expect_rc "check" 1
expect_json_lines "check" "$TMP/out"
validate "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 1 ]] || fail "check: expected one decision record, got $(cat "$TMP/out")"
[[ $(field "$TMP/out" 0 .kind) == decision ]] || fail "check: not a decision: $(cat "$TMP/out")"
[[ $(field "$TMP/out" 0 .action) == shed ]] || fail "check: expected shed: $(cat "$TMP/out")"
grep -q 'ignored 1 record: 1 scan' "$TMP/err" || fail "check: no ignored-kinds summary: $(cat "$TMP/err")"
grep -q 'budget check failed: edge-spend (over)' "$TMP/err" || fail "check: no failure message: $(cat "$TMP/err")"

run "$BUDGET" status --json --at 2026-12-05T11:00:00Z
expect_rc "status" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .spent) == 1425 ]] || fail "status: spent $(field "$TMP/out" 0 .spent), expected 1425"
[[ $(field "$TMP/out" 0 .forecast) == 17100 ]] || fail "status: forecast $(field "$TMP/out" 0 .forecast), expected 17100"
[[ $(field "$TMP/out" 0 .state) == over ]] || fail "status: state $(field "$TMP/out" 0 .state)"
# The shed level the check chose comes last, for `evt status`.
[[ $(field "$TMP/out" -1 '| "\(.kind) \(.level)"') == "budget.governor 2" ]] ||
  fail "status: the last record is not the governor's: $(cat "$TMP/out")"

# Fed again: nothing counts twice.
run "$BUDGET" ingest "$TMP/in.jsonl" --at 2026-12-05T11:00:00Z
expect_rc "re-ingest" 0
run "$BUDGET" status --json --at 2026-12-05T11:00:00Z
[[ $(field "$TMP/out" 0 .spent) == 1425 ]] || fail "re-fed: spent $(field "$TMP/out" 0 .spent), expected 1425"

run "$BUDGET" report edge.exec --per 1000 --json --at 2026-12-05T11:00:00Z
expect_rc "report" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .cost_per) == 0.06 && $(field "$TMP/out" 0 .over) == false ]] ||
  fail "report: $(cat "$TMP/out")"

run "$BUDGET" status -o openmetrics --at 2026-12-05T11:00:00Z
expect_rc "openmetrics" 0
grep -qx 'evt_budget_spent{budget="edge-spend",unit="money"} 1425' "$TMP/out" || fail "openmetrics: $(cat "$TMP/out")"
[[ $(tail -n1 "$TMP/out") == "# EOF" ]] || fail "openmetrics: no # EOF"

# Bad records: named by file, line and field; nothing of them is ingested.
{
  usage b1 2026-12-05T11:00:00.000Z checkout edge.exec 1000000
  usage b2 2026-12-05T11:00:00.000Z checkout edge.exec -5
  usage b3 2026-12-05T11:00:00.000Z checkout gpu.hours 1
} >"$TMP/bad.jsonl"
run "$BUDGET" ingest "$TMP/bad.jsonl" --at 2026-12-05T11:01:00Z
expect_rc "bad qty" 65
grep -q 'bad.jsonl:2: "qty": expected a number of units, 0 or more, got -5' "$TMP/err" || fail "bad qty: $(cat "$TMP/err")"
run "$BUDGET" ingest "$TMP/bad.jsonl" --on-error skip --errors-as-records --at 2026-12-05T11:01:00Z
expect_rc "skip" 0
validate "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 2 ]] || fail "skip: expected 2 error records: $(cat "$TMP/out")"
grep -q 'bad.jsonl:3: "resource": "gpu.hours" has no rate' "$TMP/err" || fail "skip: $(cat "$TMP/err")"
run "$BUDGET" status --json --at 2026-12-05T11:01:00Z
[[ $(field "$TMP/out" 0 .spent) == 1485 ]] || fail "after bad input: spent $(field "$TMP/out" 0 .spent), expected 1485"

# Past a threshold but not over: check passes, unless --fail-on warn.
# 30 EUR of 50 spent by the end of the event is 60%, past the 50% threshold.
usage w1 2026-12-05T21:00:00.000Z checkout edge.exec 50000000 >"$TMP/warn.jsonl"
export EVT_STATE_DIR="$TMP/state-warn"
run "$BUDGET" check "$TMP/warn.jsonl" --at 2026-12-05T22:00:00Z
expect_rc "check at warn" 0
[[ $(field "$TMP/out" 0 '.budgets[0].state') == warn ]] || fail "check at warn: $(cat "$TMP/out")"
run "$BUDGET" check --fail-on warn --at 2026-12-05T22:00:00Z
expect_rc "check --fail-on warn" 1
grep -q 'edge-spend (warn)' "$TMP/err" || fail "check --fail-on warn: $(cat "$TMP/err")"

# A rate card without a price is a config error before anything is read.
jq 'del(.budget.rates["edge.exec"].price)' "$EVT_CONFIG" >"$TMP/noprice.json"
run "$BUDGET" --config "$TMP/noprice.json" ingest "$TMP/in.jsonl"
expect_rc "no price" 78
grep -q '/budget/rates/edge.exec/price: a rate needs a price' "$TMP/err" || fail "no price: $(cat "$TMP/err")"
echo "ok"
