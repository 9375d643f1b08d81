# evt-price on the shipped examples: every --explain and --strategy
# variant, a pinned --at, bad carts, lint, redeem and the redemption set.
ex=$SRC/examples/price
pq=("$BIN/evt-price" quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json")
golden price/quote "${pq[@]}" "$ex/carts.jsonl"
golden price/quote-stdin "<$ex/carts.jsonl" "${pq[@]}"
for explain in applied all; do
  for strategy in priority best; do
    golden "price/quote-explain-$explain-$strategy" "${pq[@]}" --explain "$explain" --strategy "$strategy" "$ex/carts.jsonl"
  done
done
golden price/quote-best "${pq[@]}" --strategy best "$ex/carts.jsonl"
jq -c 'del(.at)' "$ex/carts.jsonl" >"$TMP/carts-no-at.jsonl"
golden price/quote-at "${pq[@]}" --explain all --at 2026-12-05T19:30:00+01:00 "$TMP/carts-no-at.jsonl"
printf '%s\n' '{"id":"ok1","lines":[{"sku":"MUG","qty":1}],"at":"2026-12-05T12:00:00Z"}' \
  '{"id":"bad1","lines":[{"sku":"MUG","qty":0}]}' \
  '{"id":"bad2","lines":[{"sku":"NOPE","qty":1}]}' \
  '{"id":"ok2","lines":[{"sku":"MUG","qty":2}],"at":"2026-12-05T12:00:00Z"}' \
  '{"kind":"probe","v":1}' 'not json' >"$TMP/bad-carts.jsonl"
golden price/quote-bad-fail "${pq[@]}" "$TMP/bad-carts.jsonl"
golden price/quote-bad-skip "$BIN/evt-price" --on-error skip "${pq[@]:1}" "$TMP/bad-carts.jsonl"
golden price/quote-bad-records "$BIN/evt-price" --on-error skip --errors-as-records "${pq[@]:1}" "$TMP/bad-carts.jsonl"
golden price/check "$BIN/evt-price" check --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" --at 2026-12-05T12:00:00Z
golden price/check-json "$BIN/evt-price" check --json --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" --at 2026-12-07T12:00:00Z
golden price/check-config "$BIN/evt-price" --config "$SRC/examples/event.json" check --at 2026-12-05T12:00:00Z
# One finding of each kind (the lint test's files): exit 1, records, and
# the summary line.
cat >"$TMP/lint-catalog.json" <<'JSON'
{"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"standard": 1.19}},
 "items": [{"sku": "TEE", "price": 2000, "tags": ["apparel"]}, {"sku": "CAP", "price": 15.5, "tags": ["apparel"]},
           {"sku": "MUG", "price": 1000}]}
JSON
cat >"$TMP/lint-promotions.json" <<'JSON'
{"promotions": [
  {"id": "hoodie", "kind": "percent_off", "percent": 10, "target": {"skus": ["HOODIE"], "tags": ["toys"]}},
  {"id": "old", "kind": "percent_off", "percent": 10, "until": "2026-01-01T00:00:00Z"},
  {"id": "monday-friday", "kind": "percent_off", "percent": 10, "from": "2026-12-07T00:00:00Z",
   "until": "2026-12-08T00:00:00Z", "windows": [{"days": ["fri"], "from": "18:00", "until": "20:00"}]},
  {"id": "a", "kind": "amount_off", "amount": 100, "code": "SAVE", "target": {"skus": ["MUG"]}},
  {"id": "b", "kind": "amount_off", "amount": 200, "code": "SAVE", "target": {"skus": ["MUG"]}},
  {"id": "all20", "kind": "percent_off", "percent": 20, "exclusive": true, "priority": 50, "target": {"skus": ["TEE"]}},
  {"id": "tee5", "kind": "percent_off", "percent": 5, "target": {"skus": ["TEE"]}},
  {"id": "typo", "kind": "percent_off", "percent": 5, "min_subtotl": 10}
]}
JSON
golden price/check-findings "$BIN/evt-price" check --catalog "$TMP/lint-catalog.json" --promotions "$TMP/lint-promotions.json" --at 2026-11-23T12:00:00Z
golden price/check-findings-json "$BIN/evt-price" check --json --catalog "$TMP/lint-catalog.json" --promotions "$TMP/lint-promotions.json" --at 2026-11-23T12:00:00Z
# Redeem the quotes once, again (idempotent), then the redemption set.
"${pq[@]}" --at 2026-12-05T12:00:00Z "$ex/carts.jsonl" >"$TMP/quotes.jsonl" 2>/dev/null || true
ps=(--state-dir "$TMP/price-state")
golden price/redeem "<$TMP/quotes.jsonl" "$BIN/evt-price" redeem "${ps[@]}" --promotions "$ex/promotions.json" --kiosk k1
golden price/redeem-again "<$TMP/quotes.jsonl" "$BIN/evt-price" redeem "${ps[@]}" --promotions "$ex/promotions.json" --kiosk k1
golden price/redemptions-export "$BIN/evt-price" redemptions export "${ps[@]}"
golden price/redemptions-over "$BIN/evt-price" redemptions over "${ps[@]}" --promotions "$ex/promotions.json"
