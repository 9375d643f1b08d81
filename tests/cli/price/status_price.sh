#!/usr/bin/env bash
# evt-price status: one price.status record: orders per kiosk, a limited
# coupon used past its limit by kiosks that sold apart and merged, read
# beside a writer holding the store and in a state directory without one
# (left so); for a person, 80 columns; without promotions or a config, 78.
source "$(dirname "$0")/../lib.sh"
price=$EVT_BIN_DIR/evt-price
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [
  {"id": "last-coupon", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 2}},
  {"id": "tee25", "kind": "percent_off", "percent": 25, "target": {"skus": ["TEE-BLK-M"]}}
]}
JSON
validate() { [[ -z ${EVT_SCHEMA:-} ]] || "$EVT_SCHEMA" validate "$1" || fail "$2: records do not validate"; }
field() { jq -r "select(.kind == \"price.status\") | $1" "$TMP/out"; }
status() { run "$price" status --state-dir "$TMP/$1" --promotions "$TMP/promotions.json" "${@:2}"; }
redemption() {  # ORDER KIOSK MINUTE
  printf '{"kind":"redemption","v":1,"ts":"2026-12-05T18:%s:00.000Z","order":"%s","kiosk":"%s","at":"2026-12-05T18:%s:00.000Z","promotions":["last-coupon"]}\n' \
    "$3" "$1" "$2" "$3"
}

mkdir -m 700 "$TMP/fresh"
status fresh --json
expect_rc "status in an empty state directory" 0
validate "$TMP/out" "empty"
[[ $(field '"\(.redemptions) \(.over_redemptions) \(.promotions[0].used)"') == "0 0 0" ]] || fail "empty: $(cat "$TMP/out")"
[[ -z $(ls -A "$TMP/fresh") ]] || fail "status created state: $(ls -A "$TMP/fresh")"

{ redemption o-1 k1 00; redemption o-2 k1 05; redemption o-3 k2 07; } >"$TMP/sold.jsonl"
"$price" redemptions merge --state-dir "$TMP/k" --promotions "$TMP/promotions.json" "$TMP/sold.jsonl" \
  >/dev/null 2>&1 || true
status k --json
expect_rc "status after the merge" 0
validate "$TMP/out" "after the merge"
[[ $(field '"\(.redemptions) \(.over_redemptions) \(.orders_over)"') == "3 1 1" ]] || fail "counts: $(cat "$TMP/out")"
[[ $(field '.promotions | map("\(.promotion):\(.used)/\(.limit)") | join(",")') == "last-coupon:3/2" ]] ||
  fail "promotions: $(cat "$TMP/out")"
[[ $(field '.kiosks | map(select(.kiosk == "k1" or .kiosk == "k2")) | map("\(.kiosk):\(.redemptions):\(.last_at)") | join(",")') == \
  "k1:2:2026-12-05T18:05:00.000Z,k2:1:2026-12-05T18:07:00.000Z" ]] || fail "kiosks: $(cat "$TMP/out")"

# Beside a writer that holds the store: still answers at once.
python3 - "$TMP/k/price.db" "$price" "$TMP" <<'PY' || fail "status beside a writer"
import sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("CREATE TABLE IF NOT EXISTS held_by_test (x)")
out = subprocess.run([sys.argv[2], "status", "--json", "--state-dir", sys.argv[3] + "/k",
                      "--promotions", sys.argv[3] + "/promotions.json"], capture_output=True, timeout=3)
db.execute("ROLLBACK")
sys.exit(0 if out.returncode == 0 and b'"redemptions":3' in out.stdout else 1)
PY

NO_COLOR=1 COLUMNS=80 run script -qefc "$(printf '%q ' "$price" status --state-dir "$TMP/k" --promotions "$TMP/promotions.json")" /dev/null
expect_rc "status on a terminal" 0
grep -q "3 redemptions, 1 over-redemptions" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
grep -q "last-coupon .*3 .*2 .*1" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
export LC_ALL=C.UTF-8
while IFS= read -r line; do
  line=$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g; s/\r$//')
  ((${#line} <= 80)) || fail "wider than 80 columns: $line"
done <"$TMP/out"

run "$price" status --state-dir "$TMP/k" --json
expect_rc "status without promotions or a config" 78
grep -q "no config file" "$TMP/err" || fail "without promotions: $(cat "$TMP/err")"
