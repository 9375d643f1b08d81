#!/usr/bin/env bash
# The shipped synthetic-buy runbook on the real evt-probe and evt-budget,
# against the fake checkout nginx of the flow tests: a good run is a good
# event of the checkout error budget; a broken payment is a bad one, pages
# on-call and fails the run; a dry run neither buys nor stores anything.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/../probe/helpers.bash"
source "$(dirname "$0")/../probe/flow_checkout.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_silent_listener
start_checkout_nginx
export SHOP_API_KEY=sk-test-123
mkdir -p "$TMP/site/flows"
write_buy_flow "$TMP/site/flows/buy.json"
write_buy_flow "$TMP/site/flows/broken.json" pay-broken '.name = "broken"'
printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/pager"
export PAGER_LOG=$TMP/pager.log
: >"$PAGER_LOG"
starts=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
ends=$(date -u -d '+10 hours' +%Y-%m-%dT%H:%M:%SZ)
cat >"$TMP/site/event.json" <<JSON
{"site": {"name": "test", "starts_at": "$starts", "ends_at": "$ends"},
 "probe": {"targets": {"checkout": {"check": "flow", "flow": "flows/buy.json"},
                       "checkout-broken": {"check": "flow", "flow": "flows/broken.json"}}},
 "budget": {"components": {"checkout": "critical"},
            "budgets": [{"name": "checkout-slo", "unit": "error", "objective": 0.99, "window": "event", "events_from": "checkout"},
                        {"name": "broken-slo", "unit": "error", "objective": 0.99, "window": "event", "events_from": "checkout-broken"}]},
 "runbook": {"notify": {"command": ["$TMP/bin/pager"]}}}
JSON
export EVT_CONFIG=$TMP/site/event.json
events() { sqlite3 "$EVT_STATE_DIR/budget.db" "SELECT component, SUM(good), SUM(bad) FROM events_second GROUP BY component ORDER BY component" 2>/dev/null | tr '\n' ';'; }

# The flow POSTs a cart and a payment: a dry run must not buy.
run "$RUNBOOK" run synthetic-buy --dry-run
expect_rc "dry run" 3
[[ -z $(events) ]] || fail "the dry run fed the budget: $(events)"
! access_log | grep -q "^POST" || fail "the dry run sent POSTs: $(access_log)"
grep -q "would run: evt-probe run --json checkout" "$TMP/err" || fail "the dry run did not show the flow: $(cat "$TMP/err")"

run "$RUNBOOK" run synthetic-buy --var textfile="$TMP/flow.prom"
expect_rc "good run" 0
validate "$TMP/out"
[[ $(events) == "checkout|1|0;" ]] || fail "good run events: $(events)"
# One run buys once and feeds both the budget and Prometheus.
[[ $(access_log | grep -c "^POST /cart ") == 1 ]] || fail "the run bought more than once: $(access_log)"
grep -qx 'evt_flow_success{target="checkout",flow="buy"} 1' "$TMP/flow.prom" ||
  fail "the run wrote no flow series: $(cat "$TMP/flow.prom" 2>&1)"

run "$RUNBOOK" run synthetic-buy --var target=checkout-broken
expect_rc "broken payment" 1
[[ $(events) == "checkout|1|0;checkout-broken|0|1;" ]] || fail "broken run events: $(events)"
grep -q "checkout-broken: the checkout flow failed at pay: expected status 2xx, got 502" "$PAGER_LOG" ||
  fail "on-call was not paged: $(cat "$PAGER_LOG"); $(cat "$TMP/err")"
access_log | grep -q "DELETE /cart/c-81f2 204" || fail "the cart was not cancelled"
exit 0
