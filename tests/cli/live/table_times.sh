#!/usr/bin/env bash
# Tables show times in the site's zone with the offset, and the date when
# it is not today: a hold placed for five days says which day it ends;
# --utc shows +00:00; the records stay UTC.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/tmux.bash"
bin=$EVT_BIN_DIR/evt-failover
export XDG_CONFIG_HOME=$TMP/no-config
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t", "timezone": "Asia/Kolkata"},
 "failover": {"paths": [{"name": "local", "always_up": true}]}}
JSON
args=(--config "$TMP/event.json" --state-dir "$TMP/state")

"$bin" "${args[@]}" state hold --for 5d --reason "tent down" >/dev/null
day=$(TZ=Asia/Kolkata date -d '+5 days' '+%a %-d %b')
utc_day=$(TZ=UTC date -d '+5 days' '+%a %-d %b')

start_pane local 80 "$bin" "${args[@]}" status
wait_screen local "^site held until $day [0-9]{2}:[0-9]{2} \\+05:30 by .*: tent down" 10
start_pane utc 80 "$bin" "${args[@]}" status --utc
wait_screen utc "^site held until $utc_day [0-9]{2}:[0-9]{2} \\+00:00 by " 10

"$bin" "${args[@]}" status --json >"$TMP/status.jsonl"
jq -e -s 'all(.[]; .held_until | test("^[0-9-]{10}T[0-9:.]{12}Z$"))' "$TMP/status.jsonl" >/dev/null ||
  fail "records must keep UTC: $(cat "$TMP/status.jsonl")"
echo "a hold five days away: $(screen local all | grep "^site held")"

# A receipt says when its cart was priced in the site's zone, with the date.
head -n 1 "$EVT_SOURCE_DIR/examples/price/carts.jsonl" >"$TMP/cart.jsonl"
jq --arg ex "$EVT_SOURCE_DIR/examples/price" '.price = {catalog: ($ex + "/catalog.json"), promotions: ($ex + "/promotions.json")}' \
  "$TMP/event.json" >"$TMP/price.json"
start_pane receipt 80 "$EVT_BIN_DIR/evt-price" --config "$TMP/price.json" --state-dir "$TMP/state" quote "$TMP/cart.jsonl"
wait_screen receipt "^cart c-1 at Sat 5 Dec 16:30:00 \\+05:30, EUR" 10
echo "a receipt: $(screen receipt all | grep "^cart c-1")"
