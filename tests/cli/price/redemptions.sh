#!/usr/bin/env bash
# Coupon limits across kiosks: two kiosk state directories each redeem the
# last use of a limited coupon while apart; merged both ways they hold the
# same orders and report the same over_redemption. Also: a replayed order
# counts once, a redeem past the limit is refused (exit 1), quote rejects a
# used-up coupon with usage_limit_reached, export --after-seq is a cursor.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "last-coupon", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 2}},
  {"id": "tee25", "kind": "percent_off", "percent": 25, "target": {"skus": ["TEE-BLK-M"]}}
]}
JSON
files=(--catalog "$ex/catalog.json" --promotions "$TMP/promotions.json")
validate() { [[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$1" || fail "$2: records do not validate"; }
# cart ID CUSTOMER MINUTE: a cart with the coupon at 18:MINUTE.
cart() { printf '{"id":"%s","customer":"%s","codes":["LAST"],"at":"2026-12-05T18:%s:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' "$@"; }
# sell KIOSK ID CUSTOMER MINUTE: quote on the kiosk, then redeem the quote.
sell() {
  cart "$2" "$3" "$4" | "$price" quote --state-dir "$TMP/$1" "${files[@]}" >"$TMP/quote.jsonl"
  run "$price" redeem --state-dir "$TMP/$1" --kiosk "$1" --promotions "$TMP/promotions.json" "$TMP/quote.jsonl"
}

# Together: the first use is sold at kiosk a and merged into b.
sell a o-1 u1 00
expect_rc "first sale" 0
validate "$TMP/out" "redeem"
jq -e '.result == "redeemed" and .promotions == ["last-coupon", "tee25"] and .kiosk == "a"' "$TMP/out" >/dev/null ||
  fail "first sale: $(cat "$TMP/out")"
# Re-feeding the same quote counts nothing twice.
run "$price" redeem --state-dir "$TMP/a" --kiosk a --promotions "$TMP/promotions.json" "$TMP/quote.jsonl"
expect_rc "replay" 0
jq -e '.result == "replayed"' "$TMP/out" >/dev/null || fail "replay: $(cat "$TMP/out")"
"$price" redemptions export --state-dir "$TMP/a" >"$TMP/a1.jsonl"
validate "$TMP/a1.jsonl" "export"
run "$price" redemptions merge -v --state-dir "$TMP/b" --promotions "$TMP/promotions.json" "$TMP/a1.jsonl"
expect_rc "b takes a's first sale" 0
[[ ! -s $TMP/out ]] || fail "nothing is over yet: $(cat "$TMP/out")"
grep -q 'merged 1 redemptions: 1 new' "$TMP/err" || fail "merge summary (-v): $(cat "$TMP/err")"

# Apart: each kiosk sells the last use.
sell a a-7 u7 10
expect_rc "a sells the last use" 0
sell b b-3 u3 12
expect_rc "b sells the last use" 0
# Each kiosk now knows the coupon is used up: quote rejects it, the cart is still priced.
cart x u9 20 | "$price" quote --state-dir "$TMP/a" "${files[@]}" >"$TMP/q.jsonl"
jq -e '(.rejected | map(select(.promotion == "last-coupon")) | .[0].reason) == "usage_limit_reached" and
       .total == 1499' "$TMP/q.jsonl" >/dev/null || fail "quote at limit: $(cat "$TMP/q.jsonl")"
# And a redeem of a stale quote is refused, exit 1, nothing counted.
cart b-4 u4 13 | "$price" quote --state-dir "$TMP/c" "${files[@]}" >"$TMP/stale.jsonl"
run "$price" redeem --state-dir "$TMP/b" --kiosk b --promotions "$TMP/promotions.json" "$TMP/stale.jsonl"
expect_rc "refused" 1
validate "$TMP/out" "refused"
jq -e '.result == "refused" and .breaches == [{"promotion": "last-coupon", "scope": "total", "limit": 2, "used": 2}]' \
  "$TMP/out" >/dev/null || fail "refused: $(cat "$TMP/out")"

# Together again: merge both ways.
"$price" redemptions export --state-dir "$TMP/a" --after-seq 1 >"$TMP/a2.jsonl"
[[ $(jq -r .order "$TMP/a2.jsonl") == a-7 ]] || fail "--after-seq 1: $(cat "$TMP/a2.jsonl")"
"$price" redemptions export --state-dir "$TMP/b" >"$TMP/b.jsonl"
run "$price" redemptions merge --state-dir "$TMP/a" --promotions "$TMP/promotions.json" "$TMP/b.jsonl"
expect_rc "a merges b" 0
validate "$TMP/out" "over_redemption"
jq -c 'del(.ts)' "$TMP/out" >"$TMP/over-a.jsonl"
run "$price" redemptions merge --state-dir "$TMP/b" --promotions "$TMP/promotions.json" "$TMP/a2.jsonl"
expect_rc "b merges a" 0
jq -c 'del(.ts)' "$TMP/out" >"$TMP/over-b.jsonl"
[[ $(wc -l <"$TMP/over-a.jsonl") -eq 1 ]] || fail "a: expected one over_redemption: $(cat "$TMP/over-a.jsonl")"
cmp -s "$TMP/over-a.jsonl" "$TMP/over-b.jsonl" ||
  fail "kiosks disagree: $(cat "$TMP/over-a.jsonl") vs $(cat "$TMP/over-b.jsonl")"
jq -e '.promotion == "last-coupon" and .limit == 2 and .used == 3 and
       [.orders[] | [.order, .kiosk, .over]] == [["o-1", "a", false], ["a-7", "a", false], ["b-3", "b", true]]' \
  "$TMP/over-a.jsonl" >/dev/null || fail "over_redemption: $(cat "$TMP/over-a.jsonl")"
# Converged: the same orders on both kiosks.
cmp -s <("$price" redemptions export --state-dir "$TMP/a" | jq -c 'del(.ts, .seq)' | sort) \
       <("$price" redemptions export --state-dir "$TMP/b" | jq -c 'del(.ts, .seq)' | sort) || fail "not converged"
# Merging again reveals nothing new, and `over` still lists it (exit 1).
run "$price" redemptions merge --state-dir "$TMP/a" --promotions "$TMP/promotions.json" "$TMP/b.jsonl"
expect_rc "merge again" 0
[[ ! -s $TMP/out ]] || fail "merge again: $(cat "$TMP/out")"
run "$price" redemptions over --state-dir "$TMP/b" --promotions "$TMP/promotions.json"
expect_rc "over" 1
cmp -s <(jq -c 'del(.ts)' "$TMP/out") "$TMP/over-a.jsonl" || fail "over: $(cat "$TMP/out")"

# A bad redemption names the line and field.
printf '%s\n' '{"kind":"redemption","v":1,"order":"z","kiosk":"a","at":"yesterday","promotions":[]}' >"$TMP/bad.jsonl"
run "$price" redemptions merge --state-dir "$TMP/a" --promotions "$TMP/promotions.json" "$TMP/bad.jsonl"
expect_rc "bad redemption" 65
grep -q "bad.jsonl:1: /at: " "$TMP/err" || fail "bad redemption: $(cat "$TMP/err")"

# The kiosk's name from the config (price.kiosk), the promotions too.
mkdir -p "$TMP/site"
cp "$TMP/promotions.json" "$TMP/site/"
echo '{"site":{"name":"t"},"price":{"promotions":"promotions.json","kiosk":"gate-kiosk-3"}}' >"$TMP/site/event.json"
cart c-9 u9 30 | "$price" quote --state-dir "$TMP/c" "${files[@]}" >"$TMP/q9.jsonl"
run "$price" --config "$TMP/site/event.json" --state-dir "$TMP/c" redeem "$TMP/q9.jsonl"
expect_rc "kiosk from config" 0
jq -e '.kiosk == "gate-kiosk-3" and .result == "redeemed"' "$TMP/out" >/dev/null || fail "kiosk from config: $(cat "$TMP/out")"
