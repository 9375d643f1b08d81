#!/usr/bin/env bash
# evt-scrape against a private NUT: dummy-ups reading a device file the test
# writes, and upsd on a free loopback port, scraped over the network
# protocol; then the file changes and the next scrape sees it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

[[ -x /lib/nut/upsd && -x /lib/nut/dummy-ups ]] || fail "NUT is not installed (scripts/install-deps.sh test)"
nut=$TMP/nut
[[ -n $TMP && -d $TMP ]] || fail "no private temp folder"
mkdir -p "$nut"
port=$(free_port)
printf '[kit1]\n  driver = dummy-ups\n  port = kit1.dev\n  mode = dummy-loop\n  pollinterval = 1\n' >"$nut/ups.conf"
printf 'LISTEN 127.0.0.1 %s\n' "$port" >"$nut/upsd.conf"
printf 'MODE=standalone\n' >"$nut/nut.conf"
: >"$nut/upsd.users"
printf '%s\n' 'battery.charge: 87' 'battery.runtime: 1800' 'ups.load: 23' 'ups.status: OL CHRG' \
  'input.voltage: 230.1' >"$nut/kit1.dev"
chmod 600 "$nut/ups.conf" "$nut/upsd.conf" "$nut/nut.conf" "$nut/upsd.users"
export NUT_CONFPATH=$nut NUT_STATEPATH=$nut
/lib/nut/dummy-ups -D -a kit1 -u root >"$TMP/driver.log" 2>&1 &
started $!
for ((i = 0; i < 100; i++)); do
  [[ -S $nut/dummy-ups-kit1 ]] && break
  sleep 0.1
done
/lib/nut/upsd -D -u root >"$TMP/upsd.log" 2>&1 &
started $!
wait_listening "$port"

printf '{"site": {"name": "test"}, "scrape": {"sources": {"ups": {"nut": "127.0.0.1:%s", "ups": "kit1", "timeout": "3s"}}}}\n' \
  "$port" >"$TMP/event.json"

# The driver publishes the file's values within a poll interval or two.
scrape_until() {
  local want=$1 i
  for ((i = 0; i < 50; i++)); do
    run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
    [[ $RC -eq 0 && $(metric "$TMP/out" nut_battery_charge) == "$want" ]] && return 0
    sleep 0.2
  done
  fail "nut_battery_charge never became $want: rc $RC $(cat "$TMP/out" "$TMP/err" "$TMP/upsd.log")"
}
scrape_until 0.87
validate "$TMP/out"
[[ $(metric "$TMP/out" nut_battery_runtime) == 1800 ]] || fail "runtime"
[[ $(metric "$TMP/out" nut_ups_load) == 0.23 ]] || fail "load as a ratio: $(metric "$TMP/out" nut_ups_load)"
[[ $(metric "$TMP/out" nut_input_voltage) == 230.1 ]] || fail "voltage"
jq -se 'any(.[]; .name == "nut_ups_status" and .labels == {"ups": "kit1", "flag": "OL"} and .value == 1) and
        any(.[]; .name == "nut_ups_status" and .labels.flag == "OB" and .value == 0)' "$TMP/out" >/dev/null ||
  fail "status flags: $(grep status "$TMP/out")"

# On battery, and low: the next scrape sees it.
sed -i 's/^battery.charge: 87/battery.charge: 9/; s/^ups.status: OL CHRG/ups.status: OB LB DISCHRG/' "$nut/kit1.dev"
# dummy-ups notices a change by the file's mtime in whole seconds: make sure
# it moved, however fast the test got here.
touch -m -d "@$(($(date +%s) + 2))" "$nut/kit1.dev"
scrape_until 0.09
jq -se 'any(.[]; .name == "nut_ups_status" and .labels.flag == "OB" and .value == 1) and
        any(.[]; .name == "nut_ups_status" and .labels.flag == "LB" and .value == 1) and
        any(.[]; .name == "nut_ups_status" and .labels.flag == "OL" and .value == 0)' "$TMP/out" >/dev/null ||
  fail "on battery: $(grep status "$TMP/out")"

# A UPS upsd does not know: a clear error, exit 1.
sed -i 's/"ups": "kit1"/"ups": "kit9"/' "$TMP/event.json"
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "unknown ups" 1
grep -qF "evt-scrape: ups: upsd 127.0.0.1:$port: upsd answered ERR UNKNOWN-UPS for ups kit9" "$TMP/err" ||
  fail "unknown ups: $(cat "$TMP/err")"
exit 0
