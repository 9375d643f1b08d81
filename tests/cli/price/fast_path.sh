#!/usr/bin/env bash
# The stream's fast path (plain carts read straight from their lines) and
# the usual one (any cart written as an evt record, with "kind":"cart", goes
# that way) give the same quotes, errors and tallies, interleaved in one
# stream: the same carts twice, once plain and once as records.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
args=(quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" --on-error skip --explain all --at 2026-12-05T19:30:00+01:00)
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg

{
  cat "$ex/carts.jsonl"
  echo '{"id":"bad-sku","lines":[{"sku":"NOPE","qty":1}]}'
  echo '{"id":"bad-qty","lines":[{"sku":"MUG","qty":0}]}'
  echo '{"id":"big","lines":[{"sku":"MUG","qty":999999999999999999},{"sku":"HOODIE","qty":999999999999999999}]}'
  echo '{"id":"spaced" , "codes" : [ "SAVE5" , "SAVE5" , "NOSUCH" ] , "lines" : [ {"qty":3,"sku":"SOCKS"} , {"sku":"MUG","qty":1} ] }'
  echo '{"id":"empty","customer":"u-1","segments":["staff"],"lines":[]}'
} >"$TMP/plain.jsonl"
# The same carts as records: after "{", "kind":"cart", (the cart "empty"
# last line included), which the fast path leaves to the usual one.
sed 's/^{/{"kind":"cart",/' "$TMP/plain.jsonl" >"$TMP/records.jsonl"
grep -q '"kind":"cart","id":"spaced"' "$TMP/records.jsonl" || fail "sed did not make records"

run "$price" "${args[@]}" "$TMP/plain.jsonl"
expect_rc "plain carts" 0
without_ts() { sed 's/"ts":"[^"]*",//' "$1"; }
without_ts "$TMP/out" >"$TMP/plain.out"
sed 's/^evt-price: [^:]*:/evt-price: FILE:/' "$TMP/err" >"$TMP/plain.err"
[[ $(wc -l <"$TMP/plain.out") -eq 5 ]] || fail "expected 5 quotes, got: $(cat "$TMP/plain.out")"
grep -q 'skipped 3 bad records' "$TMP/plain.err" || fail "plain: $(cat "$TMP/plain.err")"

run "$price" "${args[@]}" "$TMP/records.jsonl"
expect_rc "carts as records" 0
without_ts "$TMP/out" >"$TMP/records.out"
sed 's/^evt-price: [^:]*:/evt-price: FILE:/' "$TMP/err" >"$TMP/records.err"
cmp "$TMP/plain.out" "$TMP/records.out" || fail "quotes differ: $(diff "$TMP/plain.out" "$TMP/records.out" | head -5)"
cmp "$TMP/plain.err" "$TMP/records.err" || fail "messages differ: $(diff "$TMP/plain.err" "$TMP/records.err" | head -5)"

# Interleaved: each cart plain then as a record; every quote comes in pairs.
paste -d '\n' "$TMP/plain.jsonl" "$TMP/records.jsonl" >"$TMP/mixed.jsonl"
run "$price" "${args[@]}" "$TMP/mixed.jsonl"
expect_rc "interleaved" 0
without_ts "$TMP/out" >"$TMP/mixed.out"
paste -d '\n' "$TMP/plain.out" "$TMP/plain.out" | cmp - "$TMP/mixed.out" || fail "interleaved quotes differ"
grep -q 'skipped 6 bad records' "$TMP/err" || fail "interleaved: $(cat "$TMP/err")"
exit 0
