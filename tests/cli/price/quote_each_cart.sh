#!/usr/bin/env bash
# Quotes are buffered while carts keep coming, but each one is out before
# evt-price waits for the next cart: a till that writes one cart and reads
# its quote gets it while its pipe stays open. Then a fast stream still
# gets every quote, in order.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg
args=(quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" --at 2026-12-05T19:30:00+01:00)

mkfifo "$TMP/in" "$TMP/quotes"
"$price" "${args[@]}" <"$TMP/in" >"$TMP/quotes" 2>"$TMP/err" &
pid=$!
started "$pid"
exec 3>"$TMP/in" 5<"$TMP/quotes"
for id in till-1 till-2 till-3; do
  echo "{\"id\":\"$id\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1}]}" >&3
  IFS= read -r -t 5 line <&5 || fail "no quote for $id within 5 s while the input stayed open: quotes wait in a buffer"
  jq -e --arg id "$id" '.kind == "quote" and .cart == $id' <<<"$line" >/dev/null || fail "for $id got '$line'"
done
kill -0 "$pid" 2>/dev/null || fail "evt-price ended before its input did: the test proves nothing"
exec 3>&-
wait_exit "$pid" 5
expect_rc "the till's stream at its end" 0
exec 5<&-

# 3,000 carts in one go: every quote, in order, nothing lost in the buffer.
for ((i = 0; i < 3000; i++)); do echo "{\"id\":\"c$i\",\"lines\":[{\"sku\":\"MUG\",\"qty\":1}]}"; done >"$TMP/many.jsonl"
run "$price" "${args[@]}" "$TMP/many.jsonl"
expect_rc "3,000 carts" 0
[[ $(jq -r .cart "$TMP/out" | awk '$0 != "c" NR - 1 { bad++ } END { print NR, bad + 0 }') == "3000 0" ]] ||
  fail "the quotes of 3,000 carts are not all there in order"

# Error records (--errors-as-records) keep their place among the batched
# quotes: a bad cart, then a line that is not JSON, between good ones.
{
  echo '{"id":"a","lines":[{"sku":"MUG","qty":1}]}'
  echo '{"id":"b","lines":[{"sku":"NOPE","qty":1}]}'
  echo 'not json'
  echo '{"id":"c","lines":[{"sku":"MUG","qty":1}]}'
} >"$TMP/mixed.jsonl"
run "$price" "${args[@]}" --on-error skip --errors-as-records "$TMP/mixed.jsonl"
expect_rc "good and bad carts" 0
order=$(jq -r 'if .kind == "quote" then .cart else "error" end' "$TMP/out" | paste -sd' ')
[[ $order == "a error error c" ]] || fail "quotes and error records came out as '$order', expected 'a error error c'"

# On a terminal the quotes are receipts, written straight out; an error
# record must still come out between the receipts of the carts around it.
run script -qefc "$(printf '%q ' "$price" "${args[@]}" --on-error skip --errors-as-records --color never "$TMP/mixed.jsonl")" /dev/null
expect_rc "good and bad carts on a terminal" 0
order=$(grep -oE '^cart [a-z]+|"kind":"error"' "$TMP/out" | sed 's/^cart //; s/"kind":"error"/error/' | paste -sd' ')
[[ $order == "a error error c" ]] || fail "receipts and error records came out as '$order', expected 'a error error c'"
