#!/usr/bin/env bash
# evt-price promotions of kind lua end to end: a rule applies, a rule that
# raises an error or asks for os is rejected as rule_failed while the cart
# is still priced, records validate; a rule that does not compile is a data
# error naming the field; check lints the file like any other. (A rule past
# a limit makes its cart an error instead: rule_budget.sh.)
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/catalog.json" <<'JSON'
{"currency": "EUR", "items": [{"sku": "TEE", "price": 2000, "tags": ["apparel"]}, {"sku": "MUG", "price": 800}]}
JSON
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "three-tees", "kind": "lua", "target": {"tags": ["apparel"]}, "priority": 5,
   "condition": "return cart.qty >= 3", "amount": "return cart.lines[1].unit_price // 2"},
  {"id": "broken", "kind": "lua", "target": {"skus": ["MUG"]}, "amount": "error('no mugs today')"},
  {"id": "escape", "kind": "lua", "amount": "os.execute('touch pwned') return 1"}
]}
JSON
printf '%s\n' '{"id":"c1","lines":[{"sku":"TEE","qty":3},{"sku":"MUG","qty":1}]}' \
  '{"id":"c2","lines":[{"sku":"TEE","qty":1}]}' >"$TMP/carts.jsonl"
args=(quote --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json" --explain all)
cd "$TMP"  # where a rule that escaped would write
run "$price" "${args[@]}" "$TMP/carts.jsonl"
cd - >/dev/null
expect_rc "lua rules" 0
# The operator learns why on stderr, once per rule.
grep -qx 'evt-price: warning: promotion "broken": its rule failed 1 time (rule_failed); first: broken: amount:1: no mugs today' \
  "$TMP/err" || fail "broken warning: $(cat "$TMP/err")"
grep -q "promotion \"escape\": its rule failed 2 times (rule_failed); first: escape: amount:1: .*'os'" "$TMP/err" ||
  fail "escape warning: $(cat "$TMP/err")"
[[ ! -e $TMP/pwned ]] || fail "a rule ran os.execute"
[[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$TMP/out" || fail "quotes do not validate"
# c1: three tees (60.00) get half a tee (10.00) off; the mug's rule and the
# escape fail; 50.00 + 8.00.
jq -s -e '.[0] | .total == 5800 and .applied == [{"promotion": "three-tees", "kind": "lua", "amount": 1000,
            "lines": [{"line": 0, "units": 3, "amount": 1000}]}] and
          (.rejected | map({(.promotion): .reason}) | add) == {"broken": "rule_failed", "escape": "rule_failed"}' \
  "$TMP/out" >/dev/null || fail "c1: $(head -n1 "$TMP/out")"
jq -s -e '.[1] | .total == 2000 and (.rejected | map({(.promotion): .reason}) | add) ==
          {"three-tees": "rule_not_met", "broken": "no_target_in_cart", "escape": "rule_failed"}' \
  "$TMP/out" >/dev/null || fail "c2: $(tail -n1 "$TMP/out")"

run "$price" check --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json"
expect_rc "check lua promotions" 0

jq '.promotions[0].amount = "return +"' "$TMP/promotions.json" >"$TMP/broken.json"
run "$price" quote --catalog "$TMP/catalog.json" --promotions "$TMP/broken.json" "$TMP/carts.jsonl"
expect_rc "does not compile" 65
grep -q 'broken.json: /promotions/0/amount: does not compile: three-tees: amount:1: ' "$TMP/err" ||
  fail "does not compile: $(cat "$TMP/err")"
