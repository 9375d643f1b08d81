#!/usr/bin/env bash
# evt-price redeem --order: quote -> redeem --order is a pipe that carries
# only `order` records (valid against the schema), each the quote's priced
# parts with the kiosk and the payment the till added; the same quote again
# gives the same content (so a queue stores it once); a refused quote gives
# no order (stderr, exit 1); a quote that cannot become an order is refused
# with nothing redeemed; without --order redeem's output is unchanged;
# piped into `evt-outbox put orders`, each order is keyed by its id and
# the same sale fed again is a duplicate, stored once.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "last-coupon", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 1}},
  {"id": "tee25", "kind": "percent_off", "percent": 25, "target": {"skus": ["TEE-BLK-M"]}}
]}
JSON
files=(--catalog "$ex/catalog.json" --promotions "$TMP/promotions.json")
validate() { [[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$1" || fail "$2: records do not validate"; }
"$price" quote "${files[@]}" "$ex/carts.jsonl" >"$TMP/quotes.jsonl"

# The pipe: one order per quote, nothing else.
run "$price" redeem --order --state-dir "$TMP/a" --kiosk kiosk-a --promotions "$TMP/promotions.json" "$TMP/quotes.jsonl"
expect_rc "redeem --order" 0
expect_no_stderr "redeem --order"
validate "$TMP/out" "orders"
[[ $(jq -r .kind "$TMP/out" | sort -u) == order && $(wc -l <"$TMP/out") -eq 3 ]] ||
  fail "expected 3 order records: $(cat "$TMP/out")"
# Each order is its quote's priced parts under the cart's id.
jq -s -c 'map({id: .cart, total, lines, applied, currency})' "$TMP/quotes.jsonl" >"$TMP/from-quotes.json"
jq -s -c 'map({id, total, lines, applied, currency})' "$TMP/out" >"$TMP/from-orders.json"
cmp -s "$TMP/from-quotes.json" "$TMP/from-orders.json" ||
  fail "orders differ from their quotes: $(cat "$TMP/from-orders.json")"
jq -s -e 'map(.kiosk == "kiosk-a" and .payment == {"state": "pending"} and (has("rejected") | not)) | all' \
  "$TMP/out" >/dev/null || fail "kiosk, payment: $(cat "$TMP/out")"
jq -s -e '.[2].customer == "crew-7" and (.[0] | has("customer") | not)' "$TMP/out" >/dev/null ||
  fail "customer: $(cat "$TMP/out")"
jq -c 'del(.ts)' "$TMP/out" >"$TMP/first.jsonl"

# Replayed: the same content again (only ts differs).
run "$price" redeem --order --state-dir "$TMP/a" --kiosk kiosk-a --promotions "$TMP/promotions.json" "$TMP/quotes.jsonl"
expect_rc "replay" 0
cmp -s "$TMP/first.jsonl" <(jq -c 'del(.ts)' "$TMP/out") || fail "replay changed the orders: $(cat "$TMP/out")"

# The payment the till added to the quote.
jq -c 'select(.cart == "c-1") | .payment = {"state": "paid", "ref": "pos-77"}' "$TMP/quotes.jsonl" >"$TMP/paid.jsonl"
run "$price" redeem --order --state-dir "$TMP/b" --kiosk kiosk-b --promotions "$TMP/promotions.json" "$TMP/paid.jsonl"
expect_rc "paid" 0
validate "$TMP/out" "paid"
jq -e '.id == "c-1" and .payment == {"state": "paid", "ref": "pos-77"}' "$TMP/out" >/dev/null ||
  fail "paid: $(cat "$TMP/out")"

# A bad payment is refused before anything is redeemed: no order, exit 65.
jq -c 'select(.cart == "c-2") | .payment = {"state": "maybe"}' "$TMP/quotes.jsonl" >"$TMP/bad.jsonl"
run "$price" redeem --order --state-dir "$TMP/b" --kiosk kiosk-b --promotions "$TMP/promotions.json" "$TMP/bad.jsonl"
expect_rc "bad payment" 65
grep -q 'bad.jsonl:1: quote "c-2": /payment/state: expected pending, authorized or paid' "$TMP/err" ||
  fail "bad payment message: $(cat "$TMP/err")"
[[ ! -s $TMP/out ]] || fail "bad payment wrote: $(cat "$TMP/out")"
[[ $("$price" redemptions export --state-dir "$TMP/b" | jq -r .order) == c-1 ]] || fail "the bad quote was redeemed"
# A quote without its lines is no order either.
jq -c 'select(.cart == "c-2") | del(.lines)' "$TMP/quotes.jsonl" >"$TMP/nolines.jsonl"
run "$price" redeem --order --state-dir "$TMP/b" --kiosk kiosk-b --promotions "$TMP/promotions.json" "$TMP/nolines.jsonl"
expect_rc "no lines" 65
grep -q 'quote "c-2": /lines: expected an array' "$TMP/err" || fail "no lines message: $(cat "$TMP/err")"

# A refused quote (the coupon's last use is gone) is no order: stderr, exit 1.
coupon() { printf '{"id":"%s","codes":["LAST"],"at":"2026-12-05T18:00:00Z","lines":[{"sku":"MUG","qty":1}]}\n' "$1"; }
{ coupon o-1; coupon o-2; } | "$price" quote --state-dir "$TMP/c" "${files[@]}" >"$TMP/coupons.jsonl"
run "$price" redeem --order --state-dir "$TMP/c" --kiosk kiosk-c --promotions "$TMP/promotions.json" "$TMP/coupons.jsonl"
expect_rc "refused" 1
[[ $(jq -r .id "$TMP/out") == o-1 ]] || fail "refused: expected only o-1's order: $(cat "$TMP/out")"
grep -q '^evt-price: o-2: refused; last-coupon total limit 1 reached (1 used)$' "$TMP/err" ||
  fail "refused message: $(cat "$TMP/err")"

# Without --order, redeem writes its redemption records as before.
run "$price" redeem --state-dir "$TMP/d" --kiosk kiosk-d --promotions "$TMP/promotions.json" "$TMP/quotes.jsonl"
expect_rc "redeem" 0
[[ $(jq -r .kind "$TMP/out" | sort -u) == redemption ]] || fail "redeem without --order: $(cat "$TMP/out")"

# The pipe into the outbox: each order keyed by its id, a replay stored once.
mkdir -m 700 "$TMP/kiosk"
(umask 077; echo "shop-token" >"$TMP/kiosk/shop.token")
cat >"$TMP/kiosk/event.json" <<'JSON'
{"site": {"name": "order-test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-06T10:00:00Z"},
 "outbox": {"kiosk": "kiosk-k",
  "queues": {"orders": {"class": "critical", "bound_bytes": 1048576, "destinations": ["shop"]}},
  "destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:9/orders", "token": {"file": "shop.token"},
                            "idempotency": true}}}}
JSON
sell() {
  "$price" redeem --order --state-dir "$TMP/kiosk" --kiosk kiosk-k --promotions "$TMP/promotions.json" "$TMP/quotes.jsonl" |
    "$EVT_BIN_DIR/evt-outbox" --config "$TMP/kiosk/event.json" --state-dir "$TMP/kiosk" put orders
}
run sell
expect_rc "quote | redeem --order | put" 0
jq -e '.kind == "outbox.put" and .added == 3 and .duplicate == 0' "$TMP/out" >/dev/null || fail "put: $(cat "$TMP/out")"
run sell
expect_rc "the same sale again" 0
jq -e '.added == 0 and .duplicate == 3 and .conflict == 0' "$TMP/out" >/dev/null || fail "replayed put: $(cat "$TMP/out")"
