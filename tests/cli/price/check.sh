#!/usr/bin/env bash
# evt-price check: the shipped examples are clean (exit 0); a file with one
# problem of each kind gives one price.finding each with its JSON path
# (exit 1), records that validate, and readable lines on a terminal.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
ex=$EVT_SOURCE_DIR/examples/price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg

run "$price" check --catalog "$ex/catalog.json" --promotions "$ex/promotions.json"
expect_rc "examples are clean" 0
[[ ! -s $TMP/out ]] || fail "examples: unexpected findings: $(cat "$TMP/out")"

cat >"$TMP/catalog.json" <<'JSON'
{"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"standard": 1.19}},
 "items": [{"sku": "TEE", "price": 2000, "tags": ["apparel"]}, {"sku": "CAP", "price": 15.5, "tags": ["apparel"]},
           {"sku": "MUG", "price": 1000}]}
JSON
cat >"$TMP/promotions.json" <<'JSON'
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
args=(check --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json" --at 2026-11-23T12:00:00Z)
run "$price" "${args[@]}"
expect_rc "findings" 1
expect_json_lines "findings" "$TMP/out"
grep -qx 'evt-price: 9 findings' "$TMP/err" || fail "summary: $(cat "$TMP/err")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  "$EVT_SCHEMA" validate "$TMP/out" || fail "findings do not validate"
fi
got=$(jq -r '[.finding, (.file | sub(".*/"; "")), .path] | join(" ")' "$TMP/out")
want='bad_rate catalog.json /tax/rates/standard
bad_price catalog.json /items/1/price
unknown_sku promotions.json /promotions/0/target/skus/0
unknown_tag promotions.json /promotions/0/target/tags/0
expired promotions.json /promotions/1/until
never_active promotions.json /promotions/2/windows
invalid_promotion promotions.json /promotions/7
duplicate_code promotions.json /promotions/4/code
shadowed promotions.json /promotions/6'
[[ $got == "$want" ]] || fail "findings:
$got
expected:
$want"

# On a terminal: one readable line per finding, the path first.
run script -qefc "$(printf '%q ' "$price" "${args[@]}")" /dev/null
expect_rc "terminal" 1
grep -q 'promotions.json: /promotions/6: .*shadowed.*"tee5" can never apply: the exclusive "all20"' "$TMP/out" ||
  fail "terminal: $(cat "$TMP/out")"
