#!/usr/bin/env bash
# An order id identifies one sale. Re-feeding the same quote is a replay
# (exit 0, nothing counted twice); another sale under a used order id is a
# conflict (exit 1, nothing counted, the stored sale named), never a replay
# that slips past the coupon's limit. Merging kiosks whose sets hold
# different sales under one id reports the conflict (exit 1) and still
# converges. "Same" is the same RFC 8785 canonical JSON.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "one-coupon", "kind": "cart_amount_off", "amount": 500, "code": "ONE", "limit": {"total": 1}}
]}
JSON
files=(--catalog "$ex/catalog.json" --promotions "$TMP/promotions.json")
validate() { [[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$1" || fail "$2: records do not validate"; }
# quote KIOSK ID CUSTOMER MINUTE OUT: a quote of a cart with the coupon at 18:MINUTE.
quote() {
  printf '{"id":"%s","customer":"%s","codes":["ONE"],"at":"2026-12-05T18:%s:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' \
    "$2" "$3" "$4" | "$price" quote --state-dir "$TMP/$1" "${files[@]}" >"$5"
}
redeem() { run "$price" redeem --state-dir "$TMP/$1" --kiosk "$1" --promotions "$TMP/promotions.json" "$2"; }

quote a o-1 u1 00 "$TMP/sale1.jsonl"
redeem a "$TMP/sale1.jsonl"
expect_rc "first sale" 0
jq -e '.result == "redeemed"' "$TMP/out" >/dev/null || fail "first sale: $(cat "$TMP/out")"

# Another sale, another customer, five minutes later, under the same order id.
quote c o-1 u2 05 "$TMP/sale2.jsonl"
redeem a "$TMP/sale2.jsonl"
expect_rc "another sale under o-1" 1
validate "$TMP/out" "conflict"
jq -e '.result == "conflict" and .customer == "u2" and .stored.customer == "u1" and .stored.kiosk == "a" and
       .stored.at == "2026-12-05T18:00:00.000Z"' "$TMP/out" >/dev/null || fail "conflict: $(cat "$TMP/out")"
grep -q "1 in conflict: an order id already holds another sale" "$TMP/err" || fail "conflict message: $(cat "$TMP/err")"
[[ $("$price" redemptions export --state-dir "$TMP/a" | jq -r .customer) == u1 ]] || fail "the stored sale changed"

# The same quote again, its members in another order: the same content, a replay.
jq -c '{applied, cart, at, customer} + .' "$TMP/sale1.jsonl" >"$TMP/sale1-reordered.jsonl"
redeem a "$TMP/sale1-reordered.jsonl"
expect_rc "replay" 0
jq -e '.result == "replayed"' "$TMP/out" >/dev/null || fail "replay: $(cat "$TMP/out")"

# Kiosk b sold a third sale under o-1 while apart; merged both ways, each
# names the conflict, exits 1, and both keep the same sale.
quote b o-1 u3 02 "$TMP/sale3.jsonl"
redeem b "$TMP/sale3.jsonl"
expect_rc "b's sale" 0
"$price" redemptions export --state-dir "$TMP/a" >"$TMP/a.jsonl"
"$price" redemptions export --state-dir "$TMP/b" >"$TMP/b.jsonl"
run "$price" redemptions merge --state-dir "$TMP/a" --promotions "$TMP/promotions.json" "$TMP/b.jsonl"
expect_rc "a merges b" 1
grep -q "order o-1: conflict: here kiosk a at 2026-12-05T18:00:00.000Z for u1" "$TMP/err" ||
  fail "a merges b: $(cat "$TMP/err")"
grep -q "incoming kiosk b at 2026-12-05T18:02:00.000Z for u3" "$TMP/err" || fail "a merges b: $(cat "$TMP/err")"
run "$price" redemptions merge --state-dir "$TMP/b" --promotions "$TMP/promotions.json" "$TMP/a.jsonl"
expect_rc "b merges a" 1
grep -q "order o-1: conflict" "$TMP/err" || fail "b merges a: $(cat "$TMP/err")"
cmp -s <("$price" redemptions export --state-dir "$TMP/a" | jq -c 'del(.ts, .seq)') \
       <("$price" redemptions export --state-dir "$TMP/b" | jq -c 'del(.ts, .seq)') || fail "kiosks did not converge"
# A redeem's conflict record is not a redemption to merge.
redeem a "$TMP/sale2.jsonl"
cp "$TMP/out" "$TMP/conflict.jsonl"
run "$price" redemptions merge --state-dir "$TMP/b" --promotions "$TMP/promotions.json" "$TMP/conflict.jsonl"
expect_rc "merging a conflict record" 0
