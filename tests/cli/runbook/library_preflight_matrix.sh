#!/usr/bin/env bash
# The preflight runbook's verdicts on a site that configures little: only
# the rows whose sections are present are required, and the
# cost row shows the ledger's money in the currency's major units:
# evt-budget's cost_per and max are minor units, 0.06 cents is 0.0006 EUR.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
export PATH="$EVT_BIN_DIR:$PATH"

start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
end=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
cat >"$TMP/base.json" <<JSON
{"site": {"name": "matrix-test", "starts_at": "$start", "ends_at": "$end"},
 "budget": {
   "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
   "components": {"checkout": "critical"},
   "budgets": [{"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR",
                "cost_per_1k": {"resource": "edge.exec", "max": 1}}]},
 "runbooks": {"preflight": {"tools": ["budget", "runbook"]}}}
JSON
config() { jq "${1:-.}" "$TMP/base.json" >"$TMP/event.json"; }
export EVT_CONFIG=$TMP/event.json
config
now=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
printf '{"kind":"usage","v":1,"ts":"%s","id":"u1","component":"checkout","resource":"edge.exec","qty":250000}\n' "$now" \
  >"$TMP/usage.jsonl"
"$EVT_BIN_DIR/evt-budget" ingest "$TMP/usage.jsonl" >/dev/null

# Only config and cost are configured: they are measured, the rest skipped; go.
run "$RUNBOOK" run preflight --json
expect_rc "a site with only a budget" 0
validate "$TMP/out"
jq -se '[.[] | select(.kind == "step") | .step] == ["site config valid", "cost per 1k edge executions <= cost_per_1k.max", "go/no-go"]' \
  "$TMP/out" >/dev/null || fail "steps: $(jq -c 'select(.kind == "step") | [.step, .outcome, .error]' "$TMP/out")"
# The matrix is a preflight record on stdout: every row, skipped ones too.
jq -se 'map(select(.kind == "preflight")) | length == 1 and (.[0] | .verdict == "go" and .dry_run == false
        and ([.rows[] | .id + ":" + .verdict] == ["config:go", "clock:skipped", "gate_skew:skipped", "price:skipped",
              "ticket:skipped", "cost:go", "battery:skipped", "cdn:skipped", "dns:skipped", "uplinks:skipped", "drill:skipped"])
        and (.rows[2].figure == "no gates (runbooks.gate-sync.gates)"))' "$TMP/out" >/dev/null ||
  fail "the matrix: $(jq -c 'select(.kind == "preflight")' "$TMP/out")"

# Every money figure in the cost row is the ledger's own, in major units.
"$EVT_BIN_DIR/evt-budget" report --json edge.exec --per 1000 >"$TMP/report.jsonl"
expected=$(jq -r 'select(.kind == "budget.cost")
  | "\(.resource) \(.cost_per / 100) \(.currency)/1k (\(.component)) max \(.max / 100) \(.currency)"' "$TMP/report.jsonl")
[[ $expected == "edge.exec 0.0006 EUR/1k (checkout) max 0.01 EUR" ]] || fail "the ledger changed: $expected"
jq -se --arg figure "$expected" 'map(select(.kind == "preflight"))[0].rows[] | select(.id == "cost") | .figure == $figure' \
  "$TMP/out" >/dev/null || fail "cost row: expected \"$expected\": $(grep 'cost' "$TMP/err")"

# A row whose section is present is required: a price section without a
# cart is a no-go, and the error names it, not a row that was skipped.
config '.price = {"catalog": "catalog.json"}'
echo '{"currency": "EUR", "items": [{"sku": "TEE", "name": "Tee", "price": 1999}]}' >"$TMP/catalog.json"
run "$RUNBOOK" run preflight --json
expect_rc "a price section without a cart" 1
grep -q '^evt-runbook: preflight: error: NO-GO: price (not run: no cart to quote (runbooks.preflight.cart))$' "$TMP/err" ||
  fail "the verdict does not name the price row: $(cat "$TMP/err")"
jq -se 'map(select(.kind == "runbook"))[0].message | startswith("step \"price engine cold start <= 150 ms\" failed")' \
  "$TMP/out" >/dev/null || fail "the run's error: $(jq -c 'select(.kind == "runbook")' "$TMP/out")"
# ...unless the config marks it optional.
config '.price = {"catalog": "catalog.json"} | .runbooks.preflight.optional = ["price"]'
run "$RUNBOOK" run preflight --json
expect_rc "an optional price row" 0
jq -se 'map(select(.kind == "preflight"))[0].rows[] | select(.id == "price")
        | .verdict == "skipped" and (.figure | startswith("optional, not run: no cart"))' "$TMP/out" >/dev/null ||
  fail "optional row: $(jq -c 'select(.kind == "preflight")' "$TMP/out")"
config '.runbooks.preflight.optional = ["prices"]'
run "$RUNBOOK" run preflight --json
expect_rc "an optional id that is no row" 1
grep -q 'runbooks.preflight.optional: "prices" is not a row' "$TMP/err" || fail "optional typo: $(cat "$TMP/err")"

# The real no-go among skipped rows: the cost over its bound.
config '.budget.budgets[0].cost_per_1k.max = 0.01'
run "$RUNBOOK" run preflight --json
expect_rc "cost over its bound" 1
grep -q '^evt-runbook: preflight: error: NO-GO: cost (edge.exec 0.0006 EUR/1k (checkout) max 0.0001 EUR)$' "$TMP/err" ||
  fail "the verdict does not name the cost row: $(cat "$TMP/err")"

# On a terminal the matrix is a table on stdout, not log lines on stderr.
config
script -qec "$RUNBOOK run preflight 2>$TMP/tty.err" "$TMP/tty.out" >/dev/null </dev/null ||
  fail "on a terminal: $(cat "$TMP/tty.out" "$TMP/tty.err")"
grep -Eq 'cost per 1k edge executions <= cost_per_1k.max +go +edge.exec 0.0006 EUR/1k \(checkout\) max 0.01 EUR' \
  "$TMP/tty.out" || fail "no matrix on the terminal's stdout: $(cat "$TMP/tty.out")"
grep -q 'CHECK' "$TMP/tty.err" && fail "the matrix is on stderr: $(cat "$TMP/tty.err")"

# Nothing measured is not a go.
config 'del(.budget) | .runbooks.preflight.tools = [] | .runbooks.preflight.optional = ["config"]'
run "$RUNBOOK" run preflight --json
expect_rc "every row skipped" 1
grep -q 'NO-GO: nothing measured' "$TMP/err" || fail "all skipped: $(cat "$TMP/err")"
