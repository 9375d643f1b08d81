#!/usr/bin/env bash
# Flow targets in the config ("check": "flow"): `config check` reads the
# flow file as strictly as the config, `evt-probe run NAME` runs it at the
# target's interval and timeout, and a mixed run leaves flows to their own.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/flow_checkout.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_silent_listener
start_checkout_nginx
export SHOP_API_KEY=sk-test-123
mkdir -p "$TMP/site/flows"
write_buy_flow "$TMP/site/flows/buy.json"
write_buy_flow "$TMP/site/flows/hang.json" pay '.name = "hang" | .steps[2].url = "{base}/hang/pay"'
cat >"$TMP/site/event.json" <<JSON
{"site": {"name": "test-site"},
 "probe": {"targets": {
   "checkout": {"check": "flow", "flow": "flows/buy.json", "interval": "20ms"},
   "slow-checkout": {"check": "flow", "flow": "flows/hang.json", "timeout": "500ms"},
   "shop": {"check": "http", "url": "http://127.0.0.1:$PORT_shop/catalog"}}}}
JSON

run "$PROBE" config check --config "$TMP/site/event.json"
expect_rc "config check" 0

run "$PROBE" run --json --config "$TMP/site/event.json" --count 3 --window 3 checkout
expect_rc "run checkout" 0
validate "$TMP/out"
jq -se 'map(select(.kind == "flow")) | length == 3 and all(.target == "checkout" and .flow == "buy" and .ok)' \
  "$TMP/out" >/dev/null || fail "run checkout: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "flow.window"))[0] | .target == "checkout" and .runs == 3 and .success_ratio == 1' \
  "$TMP/out" >/dev/null || fail "window: $(cat "$TMP/out")"

# The target's timeout overrides the flow file's 20 s.
run "$PROBE" run --json --config "$TMP/site/event.json" slow-checkout
expect_rc "slow-checkout" 1
jq -e '.timed_out and (.error | startswith("flow timeout after 500 ms"))' "$TMP/out" >/dev/null ||
  fail "slow-checkout: $(cat "$TMP/out")"

# Probes and flows chosen together: the probes run, each flow is named.
run "$PROBE" run --json --config "$TMP/site/event.json"
expect_rc "mixed" 0
jq -se 'map(.kind) == ["probe"]' "$TMP/out" >/dev/null || fail "mixed: $(cat "$TMP/out")"
grep -q "target checkout: a flow; run it on its own" "$TMP/err" || fail "mixed: $(cat "$TMP/err")"

# A broken flow file fails config check, naming the target and the flow's pointer.
jq '.steps[0].expect.stauts = "200"' "$TMP/site/flows/buy.json" >"$TMP/site/flows/typo.json"
jq '.probe.targets.checkout.flow = "flows/typo.json"' "$TMP/site/event.json" >"$TMP/site/typo.json"
run "$PROBE" config check --config "$TMP/site/typo.json"
expect_rc "flow typo" 78
grep -q "/probe/targets/checkout/flow: .*flows/typo.json: /steps/0/expect/stauts: unknown key" "$TMP/err" ||
  fail "flow typo: $(cat "$TMP/err")"
run "$PROBE" run --config "$TMP/site/typo.json" checkout
expect_rc "run with a flow typo" 78
jq '.probe.targets.checkout.flow = "flows/nosuch.json"' "$TMP/site/event.json" >"$TMP/site/missing.json"
run "$PROBE" config check --config "$TMP/site/missing.json"
expect_rc "missing flow file" 78
grep -q "missing.json: /probe/targets/checkout/flow: .*flows/nosuch.json" "$TMP/err" ||
  fail "missing flow file: $(cat "$TMP/err")"
echo "flow_config: ok"
