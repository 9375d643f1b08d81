#!/usr/bin/env bash
# redemptions export reads the set a page at a time from one snapshot
# (tools/price/redemptions_command.cc): every order once, in seq order,
# across page boundaries, and --after-seq starts mid-page.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
printf '{"promotions": [{"id": "ten-off", "kind": "cart_amount_off", "amount": 1000, "code": "TEN"}]}\n' >"$TMP/promotions.json"
printf '{"id":"o-1","customer":"u1","codes":["TEN"],"at":"2026-12-05T18:00:00Z","lines":[{"sku":"TEE-BLK-M","qty":1}]}\n' |
  "$price" quote --catalog "$ex/catalog.json" --promotions "$TMP/promotions.json" >"$TMP/sale.jsonl"
"$price" redeem --state-dir "$TMP/kiosk" --kiosk k1 --promotions "$TMP/promotions.json" "$TMP/sale.jsonl" >/dev/null
"$price" redemptions export --state-dir "$TMP/kiosk" >"$TMP/one.jsonl"
[[ $(wc -l <"$TMP/one.jsonl") -eq 1 ]] || fail "the kiosk's export is not one redemption: $(cat "$TMP/one.jsonl")"

# Three pages of 4096 and part of a fourth, as another kiosk would send them.
n=13000
awk -v n="$n" '{ for (i = 1; i <= n; i++) { l = $0; sub(/"order":"[^"]*"/, "\"order\":\"p-" i "\"", l);
                 sub(/"seq":[0-9]+/, "\"seq\":" i, l); print l } }' "$TMP/one.jsonl" >"$TMP/many.jsonl"
run "$price" redemptions merge --state-dir "$TMP/kiosk" --promotions "$TMP/promotions.json" "$TMP/many.jsonl"
expect_rc "merge" 0
run "$price" redemptions export --state-dir "$TMP/kiosk"
expect_rc "export" 0
total=$((n + 1))
[[ $(wc -l <"$TMP/out") -eq $total ]] || fail "export wrote $(wc -l <"$TMP/out") records, expected $total"
grep -o '"seq":[0-9]*' "$TMP/out" | cut -d: -f2 >"$TMP/seqs"
seq 1 "$total" | cmp -s - "$TMP/seqs" || fail "export's seqs are not 1..$total in order: $(head -3 "$TMP/seqs" | tr '\n' ' ')..."
[[ $(grep -o '"order":"[^"]*"' "$TMP/out" | sort -u | wc -l) -eq $total ]] || fail "an order was exported twice"

run "$price" redemptions export --state-dir "$TMP/kiosk" --after-seq 4000
expect_rc "export --after-seq" 0
[[ $(wc -l <"$TMP/out") -eq $((total - 4000)) ]] || fail "--after-seq 4000 wrote $(wc -l <"$TMP/out") records"
head -1 "$TMP/out" | grep -q '"seq":4001}' || fail "--after-seq 4000 began at $(head -1 "$TMP/out")"
tail -1 "$TMP/out" | grep -q "\"seq\":$total}" || fail "--after-seq 4000 ended at $(tail -1 "$TMP/out")"
echo "exported $total redemptions in pages"
