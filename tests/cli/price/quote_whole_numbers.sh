#!/usr/bin/env bash
# A whole number is one however it is written: "qty": 1e3 is 1000 (as the
# config reads 1e3), not a refusal that says "expected a whole number, got
# 1000". A fraction is still refused, naming the line, the field and the
# number.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
echo '{"promotions": []}' >"$TMP/none.json"
files=(--catalog "$ex/catalog.json" --promotions "$TMP/none.json")
cart() { printf '{"id":"%s","lines":[{"sku":"TEE-BLK-M","qty":%s}]}\n' "$1" "$2"; }

cart plain 1000 | "$price" quote "${files[@]}" >"$TMP/plain.jsonl"
cart plain 1e3 >"$TMP/e3.jsonl"
run "$price" quote "${files[@]}" "$TMP/e3.jsonl"
expect_rc "qty 1e3" 0
cmp -s <(jq -c 'del(.ts, .at)' "$TMP/out") <(jq -c 'del(.ts, .at)' "$TMP/plain.jsonl") ||
  fail "qty 1e3 is not priced as 1000: $(cat "$TMP/out") vs $(cat "$TMP/plain.jsonl")"

{ cart ok 1; cart half 2.5; } >"$TMP/half.jsonl"
run "$price" quote "${files[@]}" "$TMP/half.jsonl"
expect_rc "qty 2.5" 65
grep -qF 'half.jsonl:2: cart "half": /lines/0/qty: expected a whole number >= 1, got 2.5' "$TMP/err" ||
  fail "qty 2.5: $(cat "$TMP/err")"
