#!/usr/bin/env bash
# Quote, redemptions export and redemptions over only read the redemption
# set: they open it read-only, run while a redeem commits, and write
# nothing, not even a state file in a state directory that has none yet.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "coupon", "kind": "cart_amount_off", "amount": 500, "code": "C", "limit": {"total": 1000}}
]}
JSON
files=(--catalog "$ex/catalog.json" --promotions "$TMP/promotions.json")
for i in $(seq 1 150); do
  printf '{"id":"o-%s","customer":"u%s","codes":["C"],"at":"2026-12-05T18:00:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' "$i" "$i"
done >"$TMP/carts.jsonl"
"$price" quote --state-dir "$TMP/quoting" "${files[@]}" "$TMP/carts.jsonl" >"$TMP/quotes.jsonl"
[[ ! -e $TMP/quoting ]] || fail "quote created state: $(ls -A "$TMP/quoting")"

# A redeem commits 150 orders while exports and overs keep running.
"$price" redeem --state-dir "$TMP/k" --kiosk k --promotions "$TMP/promotions.json" "$TMP/quotes.jsonl" \
  >"$TMP/redeem.out" 2>"$TMP/redeem.err" &
redeemer=$!
started "$redeemer"
last=0 reads=0
while is_running "$redeemer" || ((reads == 0)); do
  run "$price" redemptions export --state-dir "$TMP/k"
  expect_rc "export while redeeming" 0
  seen=$(wc -l <"$TMP/out")
  ((seen >= last)) || fail "export went back from $last to $seen orders"
  last=$seen
  run "$price" redemptions over --state-dir "$TMP/k" --promotions "$TMP/promotions.json"
  expect_rc "over while redeeming" 0
  reads=$((reads + 1))
done
wait_exit "$redeemer" 60
expect_rc "redeem" 0
[[ $("$price" redemptions export --state-dir "$TMP/k" | wc -l) -eq 150 ]] || fail "not every order was committed"
echo "$reads exports ran beside the redeem"

# In a state directory with no state yet they answer as for an empty set.
mkdir -m 700 "$TMP/fresh"
run "$price" redemptions export --state-dir "$TMP/fresh"
expect_rc "export, no state" 0
run "$price" redemptions over --state-dir "$TMP/fresh" --promotions "$TMP/promotions.json"
expect_rc "over, no state" 0
run "$price" quote --state-dir "$TMP/fresh" "${files[@]}" "$TMP/carts.jsonl"
expect_rc "quote, no state" 0
[[ -z $(ls -A "$TMP/fresh") ]] || fail "a read-only command created state: $(ls -A "$TMP/fresh")"
