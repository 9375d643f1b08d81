#!/usr/bin/env bash
# Bytes that are not UTF-8 from one upstream (a HELP text, a NUT status
# flag) are shown as U+FFFD: the records of every source are still
# written, instead of the whole run ending in "invalid UTF-8 in string".
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

mkdir -p "$TMP/www"
printf '# HELP a bad \xff help\n# TYPE a gauge\na 1\n' >"$TMP/www/bad.prom"
printf '%s\n' 'VAR kit1 ups.status "OL X'$'\xff''"' 'VAR kit1 battery.charge "87"' >"$TMP/reply"
start_fake_upsd "$TMP/reply"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "badhelp": {"prometheus": "file://$TMP/www/bad.prom"},
   "kit": {"nut": "127.0.0.1:$PORT_upsd", "ups": "kit1", "timeout": "3s"}}}}
JSON

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "invalid UTF-8 upstream" 0
expect_no_stderr "invalid UTF-8 upstream"
validate "$TMP/out"
jq -se 'any(.[]; .name == "a" and .help == "bad \ufffd help")' "$TMP/out" >/dev/null || fail "help: $(cat "$TMP/out")"
jq -se 'any(.[]; .name == "nut_ups_status" and .labels.flag == "X\ufffd" and .value == 1)' "$TMP/out" >/dev/null ||
  fail "flag: $(grep status "$TMP/out")"
[[ $(metric "$TMP/out" nut_battery_charge) == 0.87 ]] || fail "the other values"

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" -o prometheus
expect_rc "invalid UTF-8 upstream, text" 0
promtool_accepts "$TMP/out"
exit 0
