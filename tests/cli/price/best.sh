#!/usr/bin/env bash
# evt-price quote --strategy best: cheaper than priority order where an
# exclusive stops better discounts, says how many combinations it priced,
# records validate; price.strategy in the config picks it too.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/catalog.json" <<'JSON'
{"currency": "EUR", "items": [{"sku": "A", "price": 10000}, {"sku": "B", "price": 2000}]}
JSON
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "ex10", "kind": "percent_off", "percent": 10, "exclusive": true, "priority": 9},
  {"id": "p20", "kind": "percent_off", "percent": 20, "priority": 5, "target": {"skus": ["A"]}},
  {"id": "off10", "kind": "cart_amount_off", "amount": 1000, "priority": 1}
]}
JSON
printf '%s\n' '{"id":"c1","lines":[{"sku":"A","qty":1}]}' '{"id":"c2","lines":[{"sku":"B","qty":1}]}' >"$TMP/carts.jsonl"
args=(quote --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json" "$TMP/carts.jsonl")

run "$price" "${args[@]}"
expect_rc "priority" 0
[[ $(jq -c '[.cart, .total]' "$TMP/out" | tr -d '\n') == '["c1",9000]["c2",1800]' ]] || fail "priority: $(cat "$TMP/out")"

run "$price" "${args[@]}" --strategy best
expect_rc "best" 0
expect_no_stderr "best"
[[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$TMP/out" || fail "best: records do not validate"
# c1: 100.00 less 20% less 10.00 = 70.00 beats the exclusive's 90.00.
# c2: without the exclusive, 10.00 off leaves 10.00, less than its 18.00.
jq -s -e '.[0] | .total == 7000 and .search == {"strategy": "best", "evaluated": 3, "exhaustive": true} and
       .rejected == [{"promotion": "ex10", "reason": "not_best_deal"}]' "$TMP/out" >/dev/null || fail "c1: $(cat "$TMP/out")"
jq -s -e '.[1] | .total == 1000' "$TMP/out" >/dev/null || fail "c2: $(cat "$TMP/out")"

mkdir -p "$TMP/site"
cp "$TMP/catalog.json" "$TMP/promotions.json" "$TMP/site/"
echo '{"site":{"name":"t"},"price":{"catalog":"catalog.json","promotions":"promotions.json","strategy":"best"}}' \
  >"$TMP/site/event.json"
run "$price" --config "$TMP/site/event.json" quote "$TMP/carts.jsonl"
expect_rc "config best" 0
jq -s -e '.[0] | .total == 7000' "$TMP/out" >/dev/null || fail "config best: $(cat "$TMP/out")"
echo '{"site":{"name":"t"},"price":{"strategy":"cheapest"}}' >"$TMP/site/bad.json"
run "$price" --config "$TMP/site/bad.json" config check
expect_rc "bad strategy" 78
grep -q 'strategy.*expected "priority" or "best", got "cheapest"' "$TMP/err" || fail "bad strategy: $(cat "$TMP/err")"
