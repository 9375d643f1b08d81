#!/usr/bin/env bash
# evt-price reads a window's zone from the TZif file under $TZDIR (else
# /usr/share/zoneinfo): a zone there is used, one that is missing or not
# TZif is bad input (exit 65) naming the file.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg
mkdir -p "$TMP/zones/Test"
cp /usr/share/zoneinfo/Asia/Tokyo "$TMP/zones/Test/Here"
printf 'not a zone file\n' >"$TMP/zones/Test/Bad"
export TZDIR=$TMP/zones

cat >"$TMP/catalog.json" <<'JSON'
{"currency": "EUR", "tax": {"mode": "inclusive", "rates": {"standard": 0.19}},
 "items": [{"sku": "TEE", "price": 2000}]}
JSON
promotions() {
  cat >"$TMP/promotions.json" <<JSON
{"promotions": [{"id": "happy", "kind": "percent_off", "percent": 50, "timezone": "$1",
                 "windows": [{"days": ["fri"], "from": "18:00", "until": "20:00"}]}]}
JSON
}
quote() {
  run "$price" quote --catalog "$TMP/catalog.json" --promotions "$TMP/promotions.json" --json \
    <<<"{\"id\": \"c\", \"at\": \"$1\", \"lines\": [{\"sku\": \"TEE\", \"qty\": 1}]}"
}

promotions Test/Here
quote 2026-12-04T09:30:00Z  # Friday 18:30 at UTC+9
expect_rc "open in the zone from TZDIR" 0
[[ $(jq -r '.total' "$TMP/out") == 1000 ]] || fail "open: $(cat "$TMP/out")"
quote 2026-12-04T18:30:00Z  # Friday 18:30 UTC is Saturday 03:30 at UTC+9
expect_rc "closed in the zone from TZDIR" 0
[[ $(jq -r '.rejected[0].reason' "$TMP/out") == not_active ]] || fail "closed: $(cat "$TMP/out")"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  "$EVT_SCHEMA" validate "$TMP/out" || fail "the quote does not validate"
fi

promotions Europe/Berlin
quote 2026-12-04T09:30:00Z
expect_rc "a zone missing from TZDIR" 65
grep -qF "\"Europe/Berlin\" is not a time zone of the tz database ($TMP/zones/Europe/Berlin: no such file)" "$TMP/err" ||
  fail "missing zone: $(cat "$TMP/err")"

promotions Test/Bad
quote 2026-12-04T09:30:00Z
expect_rc "a file that is not TZif" 65
grep -qF "$TMP/zones/Test/Bad: not a TZif file" "$TMP/err" || fail "bad zone file: $(cat "$TMP/err")"

promotions ../Test/Here
quote 2026-12-04T09:30:00Z
expect_rc "a name climbing out of TZDIR" 65
grep -qF '/timezone: "../Test/Here" is not a time zone of the tz database (expected a name' "$TMP/err" ||
  fail "climbing name: $(cat "$TMP/err")"
