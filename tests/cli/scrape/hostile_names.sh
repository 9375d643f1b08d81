#!/usr/bin/env bash
# Hostile names upstream: a quoted UTF-8 metric name
# holding a newline and a forged series, dotted metric and label names, a
# label name starting with a digit, and a NUT variable name carrying label
# syntax. -o prometheus and openmetrics print valid text all the
# same (promtool, and evt-scrape's own strict parsers, read it back); no
# series is forged; each sanitised name is reported once.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
printf '%s\n' 'VAR kit1 battery.charge "87"' 'VAR kit1 ups.test{x="1"} "3"' 'VAR kit1 input.voltage-L1 "230"' >"$TMP/reply"
start_fake_upsd "$TMP/reply"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "hostile": {"prometheus": "$base/hostile.prom", "retries": 0},
   "ups": {"nut": "127.0.0.1:$(free_port)", "ups": "kit1", "timeout": "3s"},
   "kit": {"nut": "127.0.0.1:$PORT_upsd", "ups": "kit1", "timeout": "3s"}}}}
JSON

mkdir -p "$TMP/www"
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" -o prometheus --textfile "$TMP/www/evt.prom"
expect_rc "prometheus text" 1
promtool_accepts "$TMP/www/evt.prom"
prom=$(cat "$TMP/www/evt.prom")
# The ups is down; nothing upstream may say otherwise.
grep -qx 'evt_scrape_up{source="ups"} 0' "$TMP/www/evt.prom" || fail "ups health: $prom"
[[ $(grep -c '^evt_scrape_up{source="ups"}' "$TMP/www/evt.prom") == 1 ]] || fail "a forged ups series: $prom"
! grep -q '^up{source="ups"}' "$TMP/www/evt.prom" || fail "a forged bare up: $prom"
grep -qx 'evil_up_source__ups___1{source="hostile"} 7' "$TMP/www/evt.prom" || fail "the newline name: $prom"
grep -qx 'dotted_name_total{source="hostile",label_with_dots="x",_9lives="y"} 3' "$TMP/www/evt.prom" || fail "dotted names: $prom"
grep -qx 'nut_ups_test_x__1__{source="kit",ups="kit1"} 3' "$TMP/www/evt.prom" || fail "NUT label syntax: $prom"
grep -qx 'nut_input_voltage_L1{source="kit",ups="kit1"} 230' "$TMP/www/evt.prom" || fail "NUT dash: $prom"
grep -qx 'nut_battery_charge{source="kit",ups="kit1"} 0.87' "$TMP/www/evt.prom" || fail "NUT charge: $prom"
no_repeated_series "$TMP/www/evt.prom"
grep -qF 'evt-scrape: warning: hostile: metric name "evil\nup{source=\"ups\"} 1" is not a Prometheus name: printed as evil_up_source__ups___1' "$TMP/err" ||
  fail "evil name not reported: $(cat "$TMP/err")"
grep -qF 'evt-scrape: warning: hostile: label name "label.with.dots" is not a Prometheus name: printed as label_with_dots' "$TMP/err" ||
  fail "label name not reported: $(cat "$TMP/err")"
[[ $(grep -c 'label name "9lives"' "$TMP/err") == 1 ]] || fail "each name is reported once: $(cat "$TMP/err")"

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" -o openmetrics --textfile "$TMP/www/evt.om"
expect_rc "openmetrics text" 1
grep -qx 'evil_up_source__ups___1{source="hostile"} 7' "$TMP/www/evt.om" || fail "openmetrics: $(cat "$TMP/www/evt.om")"
no_repeated_series "$TMP/www/evt.om"

# evt-scrape's own strict parsers read both texts back whole.
static=$(free_port)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$static" >"$TMP/http.log" 2>&1 &
started $!
wait_listening "$static"
cat >"$TMP/again.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "prom": {"prometheus": "http://127.0.0.1:$static/evt.prom", "format": "prometheus"},
   "om": {"prometheus": "http://127.0.0.1:$static/evt.om", "format": "openmetrics"}}}}
JSON
run "$SCRAPE" run --config "$TMP/again.json" --state-dir "$TMP/state"
expect_rc "read back" 0
# The health record of each (the texts also hold the upstream's own `up`).
health() { jq -rs --arg s "$1" 'map(select(.kind == "metric" and .name == "up" and .source == $s and .labels == {})) | last | .value' "$TMP/out"; }
[[ $(health prom) == 1 && $(health om) == 1 ]] || fail "read back: $(cat "$TMP/err")"
exit 0
