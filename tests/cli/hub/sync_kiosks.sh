#!/usr/bin/env bash
# Kiosks and budget ledgers syncing through the hub (doc/design.md §18): two
# kiosks that each took the last use of a promotion while apart see the
# over_redemption when the hub brings their redemptions together, and
# report the same as `redemptions merge` of each other's exports would;
# two boxes' usage counts the same spend as one ledger fed both boxes'
# records. The hub unreachable is 69, and the kiosk still merges locally.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/pg_cluster.bash"
price=$EVT_BIN_DIR/evt-price
budget=$EVT_BIN_DIR/evt-budget
export XDG_CONFIG_HOME=$TMP/no-config

validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
cat >"$TMP/promotions.json" <<'JSON'
{"promotions": [{"id": "last", "kind": "cart_amount_off", "amount": 500, "code": "LAST", "limit": {"total": 1}}]}
JSON
config() {  # config FILE CONNINFO
  cat >"$1" <<JSON
{"site": {"name": "fest", "hub": "$2", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"},
 "price": {"promotions": "$TMP/promotions.json"},
 "budget": {"rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
            "budgets": [{"name": "edge", "unit": "money", "limit": 5000, "currency": "EUR"}]}}
JSON
  chmod 0600 "$1"
}
box() {  # box NAME TOOL ARGS...
  local name=$1 tool=$2
  shift 2
  "$tool" --state-dir "$TMP/box-$name" --config "$TMP/box-$name.json" "$@"
}
redemption() {  # redemption ORDER KIOSK MINUTE
  printf '{"kind":"redemption","v":1,"ts":"2026-12-05T12:00:00.000Z","order":"%s","kiosk":"%s","at":"2026-12-05T12:%02d:00.000Z","promotions":["last"]}\n' "$1" "$2" "$3"
}
usage() {  # usage ID MINUTE QTY
  printf '{"kind":"usage","v":1,"ts":"2026-12-05T11:%02d:00.000Z","id":"%s","component":"checkout","resource":"edge.exec","qty":%s}\n' "$2" "$1" "$3"
}
spend() { box "$1" "$budget" status --json --at 2026-12-05T12:00:00Z | jq -c 'del(.ts)'; }

pg_cluster_start
owner=$(pg_owner_conninfo)
"$price" hub migrate --hub "$owner" >/dev/null || fail "hub migrate"
pg_site_role kiosk_role 'k!osk'
export PGPASSFILE=$PG_PASSFILE
"$price" hub grant fest kiosk_role --hub "$owner" >/dev/null || fail "hub grant"
for b in K1 K2 F1 F2 ONE; do config "$TMP/box-$b.json" "$(pg_conninfo kiosk_role)"; done

# Each kiosk took the last use while apart; the F twins will merge files.
redemption o1 K1 1 | box K1 "$price" redemptions merge >/dev/null 2>&1 || fail "o1 at K1"
redemption o2 K2 2 | box K2 "$price" redemptions merge >/dev/null 2>&1 || fail "o2 at K2"
redemption o1 K1 1 | box F1 "$price" redemptions merge >/dev/null 2>&1 || fail "o1 at F1"
redemption o2 K2 2 | box F2 "$price" redemptions merge >/dev/null 2>&1 || fail "o2 at F2"

run box K1 "$price" redemptions sync --json
expect_rc "sync at K1" 0
expect_no_stderr "sync at K1"
validate "$TMP/out" "sync at K1"
[[ $(jq -r .kind "$TMP/out") == redemptions.sync ]] || fail "sync at K1: $(cat "$TMP/out")"
run box K2 "$price" redemptions sync --json
expect_rc "sync at K2" 0
expect_no_stderr "sync at K2"
validate "$TMP/out" "sync at K2"
[[ $(jq -r .kind "$TMP/out" | paste -sd' ') == "redemptions.sync over_redemption" ]] || fail "sync at K2: $(cat "$TMP/out")"
run box K1 "$price" redemptions sync --json
expect_rc "sync at K1 again" 0
[[ $(jq -r 'select(.kind == "over_redemption") | .orders[1].order' "$TMP/out") == o2 ]] || fail "K1 again: $(cat "$TMP/out")"

box F1 "$price" redemptions export | box F2 "$price" redemptions merge >/dev/null 2>&1 || true
box F2 "$price" redemptions export | box F1 "$price" redemptions merge >/dev/null 2>&1 || true
over() { box "$1" "$price" redemptions over | jq -c 'del(.ts)'; }
for b in K1 K2 F2; do
  [[ $(over "$b") == "$(over F1)" ]] || fail "redemptions over at $b differs from the files' answer: $(over "$b") vs $(over F1)"
done

# Usage: two boxes, one record seen at both; one ledger fed everything.
{ usage u1 1 2.5; usage u2 2 1; } >"$TMP/at-k1.jsonl"
{ usage u3 3 0.000001; usage u1 1 2.5; } >"$TMP/at-k2.jsonl"
box K1 "$budget" ingest --at 2026-12-05T12:00:00Z "$TMP/at-k1.jsonl" || fail "ingest at K1"
box K2 "$budget" ingest --at 2026-12-05T12:00:00Z "$TMP/at-k2.jsonl" || fail "ingest at K2"
box ONE "$budget" ingest --at 2026-12-05T12:00:00Z "$TMP/at-k1.jsonl" "$TMP/at-k2.jsonl" || fail "ingest at ONE"
for b in K1 K2 K1; do
  run box "$b" "$budget" usage sync --json
  expect_rc "usage sync at $b" 0
  expect_no_stderr "usage sync at $b"
  validate "$TMP/out" "usage sync at $b"
done
[[ $(spend K1) == "$(spend ONE)" && $(spend K2) == "$(spend ONE)" ]] ||
  fail "spend differs: K1 $(spend K1), K2 $(spend K2), one ledger $(spend ONE)"

# The hub unreachable: 69, and the kiosk's own work goes on.
config "$TMP/box-K3.json" "host=127.0.0.1 port=$(free_port) dbname=evt user=kiosk_role connect_timeout=2"
run box K3 "$price" redemptions sync
expect_rc "redemptions sync with the hub unreachable" 69
run box K3 "$budget" usage sync
expect_rc "usage sync with the hub unreachable" 69
redemption o3 K3 3 | box K3 "$price" redemptions merge >/dev/null 2>&1 || fail "o3 at K3 with the hub unreachable"
[[ $(box K3 "$price" redemptions export | jq -r .order) == o3 ]] || fail "K3 lost its own redemption"
