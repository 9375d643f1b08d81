#!/usr/bin/env bash
# evt-price quote end to end: the shipped examples priced into quote records
# that validate, the receipt on a (pretend) terminal, bad carts with
# --on-error fail and skip, and the config section.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
args=(quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json")
unset EVT_CONFIG  # no site config needed with both flags
export XDG_CONFIG_HOME=$TMP/xdg

run "$price" "${args[@]}" "$ex/carts.jsonl"
expect_rc "quote examples" 0
expect_no_stderr "quote examples"
expect_json_lines "quote examples" "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 3 ]] || fail "expected 3 quotes, got: $(cat "$TMP/out")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  "$EVT_SCHEMA" validate "$TMP/out" || fail "quotes do not validate"
fi
# c-1 (12:00, no happy hour): tee25 makes the tee 14.99; with the mug
# (10.50) that is 25.49, and the bundle takes 0.49 off to make it 25.00.
jq -s -e '.[] | select(.cart == "c-1") | .total == 2500 and .discount == 549' "$TMP/out" >/dev/null ||
  fail "c-1: $(grep c-1 "$TMP/out")"
# c-2 (19:30 Saturday, happy hour): 7 socks, 2 free: 40.00, then 10% is
# 36.00; 2 zines fixed at 4.00 would be 4.00 off, capped at 3.00: 9.00;
# then SAVE5 (priority -1) on 45.00: 40.00.
jq -s -e '.[] | select(.cart == "c-2") | .total == 4000 and
       ([.applied[].promotion] == ["socks3for2", "happy-hour", "print-fixed", "save5"])' \
  "$TMP/out" >/dev/null || fail "c-2: $(grep c-2 "$TMP/out")"
jq -s -e '.[] | select(.cart == "c-2") | .applied[] | select(.promotion == "print-fixed") | .capped == true' "$TMP/out" >/dev/null ||
  fail "c-2: print-fixed not capped"
# c-3: staff 20% (15.80) beats happy hour 10% (7.90) in group "evening";
# no mug for the bundle; WELCOME is no promotion's code.
jq -s -e '.[] | select(.cart == "c-3") | (.rejected | map({(.promotion // .code): .reason}) | add) ==
       {"mug-and-tee": "below_min_qty", "save5": "code_missing", "happy-hour": "lost_in_group",
        "WELCOME": "code_unknown"} and .total == 8898 - 1000 - 1580' "$TMP/out" >/dev/null ||
  fail "c-3: $(grep c-3 "$TMP/out")"

# Line order never changes an amount.
jq -c '.lines |= reverse' "$ex/carts.jsonl" >"$TMP/reversed.jsonl"
run "$price" "${args[@]}" "$TMP/reversed.jsonl"
expect_rc "reversed" 0
cmp <(jq -c '[.cart, .total, .tax, ([.lines[] | [.sku, .total]] | sort)]' "$TMP/out") \
    <("$price" "${args[@]}" "$ex/carts.jsonl" | jq -c '[.cart, .total, .tax, ([.lines[] | [.sku, .total]] | sort)]') ||
  fail "reversing the lines changed an amount"

# Bad carts: fail stops at the first with 65 naming line, cart and field.
printf '%s\n' '{"id":"ok1","lines":[{"sku":"MUG","qty":1}]}' \
  '{"id":"bad1","lines":[{"sku":"MUG","qty":0}]}' \
  '{"id":"bad2","lines":[{"sku":"NOPE","qty":1}]}' \
  '{"id":"ok2","lines":[{"sku":"MUG","qty":2}]}' \
  '{"kind":"probe","v":1}' >"$TMP/bad.jsonl"
run "$price" "${args[@]}" "$TMP/bad.jsonl"
expect_rc "bad cart, fail" 65
grep -qF 'evt-price: '"$TMP"'/bad.jsonl:2: cart "bad1": /lines/0/qty: expected a whole number >= 1, got 0' "$TMP/err" ||
  fail "bad cart message: $(cat "$TMP/err")"
[[ $(wc -l <"$TMP/out") -eq 1 ]] || fail "fail: expected the first quote only"

run "$price" --on-error skip "${args[@]}" "$TMP/bad.jsonl"
expect_rc "bad carts, skip" 0
[[ $(jq -r .cart "$TMP/out" | tr '\n' ' ') == "ok1 ok2 " ]] || fail "skip: $(cat "$TMP/out")"
grep -q 'bad.jsonl:3: cart "bad2": /lines/0/sku: "NOPE" is not in the catalog' "$TMP/err" || fail "skip: $(cat "$TMP/err")"
grep -q 'skipped 2 bad records' "$TMP/err" || fail "skip count: $(cat "$TMP/err")"
grep -q 'probe' "$TMP/err" || fail "ignored kinds not reported: $(cat "$TMP/err")"

run "$price" --on-error skip --errors-as-records "${args[@]}" "$TMP/bad.jsonl"
expect_rc "errors as records" 0
[[ $(jq -r 'select(.kind == "error") | .line' "$TMP/out" | tr '\n' ' ') == "2 3 " ]] ||
  fail "error records: $(cat "$TMP/out")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  "$EVT_SCHEMA" validate "$TMP/out" || fail "error records do not validate"
fi

# A malformed promotions file: 65, naming the file and the field.
echo '{"promotions":[{"id":"x","kind":"percent_off","percent":"ten"}]}' >"$TMP/badpromo.json"
run "$price" quote --catalog "$ex/catalog.json" --promotions "$TMP/badpromo.json" </dev/null
expect_rc "bad promotions" 65
grep -q 'badpromo.json: /promotions/0/percent: expected a percentage' "$TMP/err" || fail "$(cat "$TMP/err")"
run "$price" quote --catalog "$TMP/missing.json" --promotions "$ex/promotions.json" </dev/null
expect_rc "missing catalog" 66

# The config names the files, relative to itself; config check reads the section.
mkdir -p "$TMP/site"
cp "$ex/catalog.json" "$ex/promotions.json" "$TMP/site/"
echo '{"site":{"name":"t","timezone":"Europe/Berlin"},"price":{"catalog":"catalog.json","promotions":"promotions.json","strategy":"priority"}}' >"$TMP/site/event.json"
run "$price" --config "$TMP/site/event.json" quote "$ex/carts.jsonl"
expect_rc "from config" 0
[[ $(wc -l <"$TMP/out") -eq 3 ]] || fail "from config: $(cat "$TMP/out")"
run "$price" --config "$TMP/site/event.json" config check
expect_rc "config check" 0
echo '{"site":{"name":"t"},"price":{"catalog":"c.json","strateg":"priority"}}' >"$TMP/site/bad.json"
run "$price" --config "$TMP/site/bad.json" config check
expect_rc "config check, typo" 78
grep -q '/price/strateg: unknown key' "$TMP/err" || fail "$(cat "$TMP/err")"

# The project's example config loads.
run "$price" --config "$EVT_SOURCE_DIR/examples/event.json" config check
expect_rc "examples/event.json" 0
exit 0
