#!/usr/bin/env bash
# A flow as the unit of load: virtual buyers at 200/s for 5 s through the
# fake checkout evt-probe's flow tests use (catalog, cart, pay, receipt and
# a cancel that always runs). Every buyer that started ran its cleanup (the
# server's own log counts the DELETEs), and the summary has a histogram per
# step.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/../probe/helpers.bash"
source "$(dirname "$0")/../probe/flow_checkout.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_silent_listener
start_checkout_nginx 2048
export SHOP_API_KEY=sk-test-123
write_buy_flow "$TMP/buy.json"

run "$LOAD" run --flow "$TMP/buy.json" --rate 200 --duration 5s --raw "$TMP/raw.jsonl"
expect_rc "200 buyers/s for 5s" 0
expect_load_records "200 buyers/s for 5s" "$TMP/out"
expect_load_records "--raw of 200 buyers/s" "$TMP/raw.jsonl"
s=$(summary "$TMP/out")
log=$(access_log)
deletes=$(grep -c '^DELETE /cart/c-81f2 204$' <<<"$log" || true)
catalogs=$(grep -c '^GET /catalog 200$' <<<"$log" || true)
raw_cancels=$(jq -s 'map(select(.kind == "load.request" and .step == "cancel")) | length' "$TMP/raw.jsonl")

printf 'flow buyers: 200/s for 5 s: achieved %s/s, errors %s\n' "$(field "$s" .achieved_rate)" "$(field "$s" '.errors | tojson')"
field "$s" '.steps | to_entries[] | "  step \(.key): \(.value.count) requests, \(.value.errors) errors, p50 \(.value.p50_ms) ms, p99 \(.value.p99_ms) ms, max \(.value.max_ms) ms"'
printf '  server: %d catalog GETs, %d cart DELETEs; --raw: %d cancel records\n' "$catalogs" "$deletes" "$raw_cancels"

field "$s" '.steps | keys_unsorted | sort == (["cancel", "cart", "catalog", "pay", "receipt"] | sort)' | grep -qx true ||
  fail "summary steps are not the flow's five: $s"
field "$s" '[.steps[] | (.count > 0) and (.p50_ms | type == "number") and (.p99_ms >= .p50_ms) and (.max_ms >= .p99_ms)] | all' | grep -qx true ||
  fail "a step's histogram is missing or inconsistent: $s"
((catalogs >= 950 && catalogs <= 1050)) || fail "$catalogs buyers started, expected 1000 ± 50 (200/s for 5 s)"
((deletes == catalogs)) || fail "$catalogs buyers started but only $deletes cleanups reached the server"
((raw_cancels == deletes)) || fail "--raw has $raw_cancels cancel requests, the server saw $deletes"
[[ $(field "$s" '.steps.cancel.count') == "$deletes" ]] || fail "summary counts $(field "$s" .steps.cancel.count) cancels, the server saw $deletes"
[[ $(field "$s" '.errors | add // 0') == 0 ]] || fail "the checkout answers every step, yet errors: $s"

# The error budget shows the burn: the buyers' windows (named checkout) and a
# second of buyers whose payment fails (the checkout's 502), fed to an error
# budget on checkout that counts synthetic traffic, as a staging rehearsal's
# does: the failed payments are spent, the healthy seconds only add events.
write_buy_flow "$TMP/broken.json" pay-broken
run "$LOAD" run --flow "$TMP/broken.json" --rate 50 --duration 1s --name checkout
expect_rc "50 buyers/s whose payment fails" 0
cat "$TMP/out" >>"$TMP/windows.jsonl"
"$LOAD" run --flow "$TMP/buy.json" --rate 50 --duration 1s --name checkout >>"$TMP/windows.jsonl"
cat >"$TMP/event.json" <<JSON
{
  "site": { "name": "test", "starts_at": "$(date -u -d '-1 hour' +%FT%TZ)", "ends_at": "$(date -u -d '+1 hour' +%FT%TZ)" },
  "budget": { "budgets": [ { "name": "checkout-slo", "unit": "error", "objective": 0.99, "events_from": "checkout",
                             "include_synthetic": true } ] }
}
JSON
EVT_CONFIG="$TMP/event.json" EVT_STATE_DIR="$TMP/state" "$EVT_BIN_DIR/evt-budget" check - <"$TMP/windows.jsonl" >/dev/null 2>"$TMP/budget.err" || true
EVT_CONFIG="$TMP/event.json" EVT_STATE_DIR="$TMP/state" "$EVT_BIN_DIR/evt-budget" status --json >"$TMP/status.json" ||
  fail "evt-budget status: $(cat "$TMP/budget.err")"
failed=$(jq -s '[.[] | select(.kind == "load.window") | .errors[]] | add // 0' "$TMP/windows.jsonl")
spent=$(jq -r 'select(.name == "checkout-slo") | .spent' "$TMP/status.json")
state=$(jq -r 'select(.name == "checkout-slo") | .state' "$TMP/status.json")
printf '  error budget on checkout: %s failed requests in the windows, spent %s, state %s\n' "$failed" "$spent" "$state"
((failed > 0)) || fail "the broken payments produced no errors in the windows"
[[ $spent == "$failed" && $state == over ]] || fail "the budget does not show the burn: $(cat "$TMP/status.json")"
