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
