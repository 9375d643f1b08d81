#!/usr/bin/env bash
# A lua rule past one of its limits (pattern-matching steps, instructions,
# memory) makes that cart an error naming the rule and the limit, handled
# by --on-error like any bad cart: skip quotes the carts around it, fail
# stops the stream there with 65. Lua's own string.find backtracks for
# minutes on the middle cart's customer, so every run is under `timeout`
# and a timeout is a failure (-k: evt-price finishes the current cart on
# SIGTERM, and the old one never finished it).
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/catalog.json" <<'JSON'
{"currency": "EUR", "items": [{"sku": "TEE", "price": 2000, "tags": ["apparel"]}, {"sku": "MUG", "price": 800}]}
JSON
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "b-customers", "kind": "lua", "target": {"skus": ["TEE"]},
   "condition": "return string.find(cart.customer or '', '.-.-.-b') ~= nil", "amount": "return 100"},
  {"id": "mug", "kind": "amount_off", "amount": 50, "target": {"skus": ["MUG"]}}
]}
JSON
backtracking=$(printf 'a%.0s' {1..600})
printf '%s\n' '{"id":"c1","customer":"bob","lines":[{"sku":"TEE","qty":1},{"sku":"MUG","qty":1}]}' \
  '{"id":"c2","customer":"'"$backtracking"'","lines":[{"sku":"TEE","qty":1}]}' \
  '{"id":"c3","customer":"carol","lines":[{"sku":"TEE","qty":2}]}' >"$TMP/carts.jsonl"
args=(quote --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json" "$TMP/carts.jsonl")
message='carts.jsonl:2: cart "c2": promotion "b-customers": its rule went past its limit: condition: more than 2000000 pattern-matching steps'

run timeout -k 2 20 "$price" --on-error skip "${args[@]}"
expect_rc "skip" 0
[[ $(jq -r .cart "$TMP/out" | tr '\n' ' ') == "c1 c3 " ]] || fail "skip: quotes $(jq -c '[.cart]' "$TMP/out" | tr -d '\n')"
jq -s -e '.[0].total == 2000 - 100 + 800 - 50 and .[1].total == 4000' "$TMP/out" >/dev/null ||
  fail "skip: totals $(jq -c '[.cart, .total]' "$TMP/out" | tr -d '\n')"
grep -qF "$message" "$TMP/err" || fail "skip: no error naming the rule and the limit: $(cat "$TMP/err")"
grep -q 'skipped 1 bad record' "$TMP/err" || fail "skip: not counted: $(cat "$TMP/err")"
# Past its limit is not an ordinary rule failure: no rule_failed warning.
! grep -q 'rule_failed' "$TMP/err" || fail "skip: reported as rule_failed: $(cat "$TMP/err")"

run timeout -k 2 20 "$price" --on-error skip --errors-as-records "${args[@]}"
expect_rc "errors as records" 0
jq -s -e '[.[] | .kind] == ["quote", "error", "quote"] and (.[1].line == 2) and
          (.[1].message | contains("promotion \"b-customers\"") and contains("pattern-matching steps"))' \
  "$TMP/out" >/dev/null || fail "error record: $(cat "$TMP/out")"
[[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$TMP/out" || fail "records do not validate"

run timeout -k 2 20 "$price" --on-error fail "${args[@]}"
expect_rc "fail" 65
[[ $(jq -r .cart "$TMP/out" | tr '\n' ' ') == "c1 " ]] || fail "fail: expected c1's quote only: $(cat "$TMP/out")"
grep -qF "evt-price: $TMP/$message" "$TMP/err" || fail "fail: $(cat "$TMP/err")"

# The instruction and memory limits too, each naming its limit; the carts
# after still price on the same state.
jq '.promotions[0] |= (.condition = "return cart.customer ~= \"spin\" or (function() while true do end end)()")' \
  "$TMP/promotions.json" >"$TMP/spin.json"
jq '.promotions[0] |= (.amount = "if cart.customer == \"hog\" then return #string.rep(\"x\", 64 * 1024 * 1024) end return 100")
    | .promotions[0].condition = "return true"' "$TMP/promotions.json" >"$TMP/hog.json"
for case in 'spin:condition: more than 200000 instructions' 'hog:amount: more than 2048 KiB of memory'; do
  who=${case%%:*}
  printf '%s\n' '{"id":"d1","customer":"x","lines":[{"sku":"TEE","qty":1}]}' \
    '{"id":"d2","customer":"'"$who"'","lines":[{"sku":"TEE","qty":1}]}' \
    '{"id":"d3","customer":"y","lines":[{"sku":"TEE","qty":1}]}' >"$TMP/$who.jsonl"
  run timeout -k 2 20 "$price" --on-error skip quote --catalog "$TMP/catalog.json" --promotions "$TMP/$who.json" \
    "$TMP/$who.jsonl"
  expect_rc "$who" 0
  [[ $(jq -r '"\(.cart):\(.total)"' "$TMP/out" | tr '\n' ' ') == "d1:1900 d3:1900 " ]] || fail "$who: $(cat "$TMP/out")"
  grep -qF "$who.jsonl:2: cart \"d2\": promotion \"b-customers\": its rule went past its limit: ${case#*:}" "$TMP/err" ||
    fail "$who: $(cat "$TMP/err")"
done
