#!/usr/bin/env bash
# NUT values that cannot be right: a percentage
# outside 0..100, NaN and infinities are kept but warned about, naming the
# source and the variable; plausible values are not.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

printf '%s\n' 'VAR kit1 battery.charge "140"' 'VAR kit1 ups.load "-5"' 'VAR kit1 input.voltage "NaN"' \
  'VAR kit1 battery.runtime "inf"' 'VAR kit1 ups.efficiency "97"' 'VAR kit1 battery.charge.low "10"' >"$TMP/reply"
start_fake_upsd "$TMP/reply"
printf '{"site": {"name": "test"}, "scrape": {"sources": {"kit": {"nut": "127.0.0.1:%s", "ups": "kit1", "timeout": "3s"}}}}\n' \
  "$PORT_upsd" >"$TMP/event.json"

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "out of range values" 0
validate "$TMP/out"
err=$(cat "$TMP/err")
grep -qxF 'evt-scrape: warning: kit: battery.charge: 140 is outside 0..100 for a percentage' "$TMP/err" || fail "charge: $err"
grep -qxF 'evt-scrape: warning: kit: ups.load: -5 is outside 0..100 for a percentage' "$TMP/err" || fail "load: $err"
grep -qxF 'evt-scrape: warning: kit: input.voltage: "NaN" is not a finite number' "$TMP/err" || fail "NaN: $err"
grep -qxF 'evt-scrape: warning: kit: battery.runtime: "inf" is not a finite number' "$TMP/err" || fail "inf: $err"
[[ $(wc -l <"$TMP/err") == 4 ]] || fail "plausible values warned about: $err"
# The values are still there, as read.
[[ $(metric "$TMP/out" nut_battery_charge) == 1.4 && $(metric "$TMP/out" nut_ups_efficiency) == 0.97 ]] ||
  fail "values: $(cat "$TMP/out")"
[[ $(metric "$TMP/out" nut_input_voltage) == NaN ]] || fail "NaN value: $(cat "$TMP/out")"
exit 0
