#!/usr/bin/env bash
# End to end: a NUT dummy-ups device whose battery drains (the test rewrites
# its device file), served by a real upsd on loopback and scraped by
# evt-scrape, drives `evt-budget check` to shed non-essential, then
# degraded, and to restore them, one level at a time after the hold, when
# the charge recovers.
#
# Where evt-scrape is not built, `upsc` and a line of jq make the same
# metric records (NUT percentages as ratios, as evt-scrape writes them);
# without NUT installed, the records are written directly. Real time: the
# event ends four hours from now, and the hold is 5s.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"

NUT_DRIVER=/lib/nut/dummy-ups
NUT_UPSD=/lib/nut/upsd
SCRAPE="$EVT_BIN_DIR/evt-scrape"
feed=direct
if [[ -x $NUT_DRIVER && -x $NUT_UPSD ]] && command -v upsc >/dev/null && command -v python3 >/dev/null; then
  feed=upsc
  [[ -x $SCRAPE ]] && feed=evt-scrape
fi
port=0
[[ $feed != direct ]] && port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
end=$(date -u -d '+4 hours' +%Y-%m-%dT%H:%M:%SZ)
# 2000 Wh, 100 Wh reserve, 1000 W nominal; the site draws 400 W (40%),
# 300 W without non-essential (100 W), 150 W without degraded (150 W) too.
cat >"$EVT_CONFIG" <<JSON
{ "site": { "name": "test", "starts_at": "$start", "ends_at": "$end" },
  "scrape": { "sources": { "ups": { "nut": "127.0.0.1:$port", "ups": "kit1" } } },
  "budget": {
    "components": { "checkout": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "5s",
    "budgets": [ { "name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 2000,
                   "nominal_w": 1000, "reserve_wh": 100 } ] } }
JSON

device="$TMP/nut/kit1.dev"
mkdir -p "$TMP/nut"
# dummy-ups reloads its file when the mtime changes, in whole seconds: two
# writes within a second would look like one, so each write gets its own
# second.
device_writes=0
device_epoch=$(date +%s)
set_device() {  # CHARGE% LOAD% STATUS
  printf 'battery.charge: %s\nups.load: %s\nups.status: %s\n' "$1" "$2" "$3" >"$device.tmp"
  device_writes=$((device_writes + 1))
  touch -m -d "@$((device_epoch + device_writes))" "$device.tmp"
  mv "$device.tmp" "$device"
}

start_nut() {
  mkdir -p "$TMP/nut/state"
  chmod 0777 "$TMP/nut/state"  # the driver's socket is shared with upsd
  printf '[kit1]\n  driver = dummy-ups\n  port = %s\n  pollinterval = 1\n  desc = "evt-budget test"\n' "$device" >"$TMP/nut/ups.conf"
  printf 'LISTEN 127.0.0.1 %s\n' "$port" >"$TMP/nut/upsd.conf"
  : >"$TMP/nut/upsd.users"
  chmod 0600 "$TMP/nut/ups.conf" "$TMP/nut/upsd.conf" "$TMP/nut/upsd.users"
  export NUT_CONFPATH="$TMP/nut" NUT_STATEPATH="$TMP/nut/state" NUT_ALTPIDPATH="$TMP/nut/state"
  "$NUT_DRIVER" -a kit1 -u root -F >"$TMP/nut/driver.log" 2>&1 &
  started $!
  for ((i = 0; i < 100; i++)); do [[ -S $TMP/nut/state/dummy-ups-kit1 ]] && break; sleep 0.05; done
  "$NUT_UPSD" -u root -F >"$TMP/nut/upsd.log" 2>&1 &
  started $!
  for ((i = 0; i < 100; i++)); do upsc "kit1@127.0.0.1:$port" battery.charge >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "upsd did not answer: $(cat "$TMP/nut/driver.log" "$TMP/nut/upsd.log")"
}

# metrics CHARGE% LOAD%: the device's variables now, as metric records.
metrics() {
  local i ts
  ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  case $feed in
    direct)
      printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_battery_charge","value":%s,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' \
        "$ts" "$(awk -v p="$1" 'BEGIN { print p / 100 }')"
      printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_ups_load","value":%s,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' \
        "$ts" "$(awk -v p="$2" 'BEGIN { print p / 100 }')"
      return ;;
  esac
  # The driver re-reads the device file on its own poll: wait for it.
  for ((i = 0; i < 200; i++)); do
    [[ $(upsc "kit1@127.0.0.1:$port" battery.charge 2>/dev/null) == "$1" ]] && break
    sleep 0.1
  done
  [[ $(upsc "kit1@127.0.0.1:$port" battery.charge 2>/dev/null) == "$1" ]] || fail "dummy-ups did not pick up charge $1% in 20s"
  if [[ $feed == evt-scrape ]]; then
    "$SCRAPE" run ups --json 2>"$TMP/scrape.err" || fail "evt-scrape: $(cat "$TMP/scrape.err")"
  else
    upsc "kit1@127.0.0.1:$port" 2>/dev/null |
      jq -Rc --arg ts "$ts" 'capture("^(?<var>battery\\.charge|ups\\.load): (?<value>.*)$")? |
        {kind: "metric", v: 1, ts: $ts, name: ("nut_" + (.var | gsub("\\."; "_"))), value: ((.value | tonumber) / 100),
         labels: {ups: "kit1"}, source: "ups", type: "gauge"}'
  fi
}

# step CHARGE% LOAD% STATUS EXPECTED_RC ACTION LEVEL
n=0
step() {
  n=$((n + 1))
  set_device "$1" "$2" "$3"
  metrics "$1" "$2" >"$TMP/metrics.jsonl"
  # A second reading confirms the first: these charges move further in a
  # second than a battery can, and such a reading waits for the next.
  sleep 0.05
  metrics "$1" "$2" >>"$TMP/metrics.jsonl"
  validate "$TMP/metrics.jsonl"
  run "$BUDGET" check - <"$TMP/metrics.jsonl"
  expect_rc "step $n (charge $1%, load $2%)" "$4"
  validate "$TMP/out"
  local got
  got=$(field "$TMP/out" 0 ' | "\(.action) \(.level)"')
  [[ $got == "$5 $6" ]] || fail "step $n (charge $1%, load $2%): $got, expected $5 $6: $(cat "$TMP/out")"
  cp "$TMP/out" "$TMP/decision-$n.json"
}

set_device 100 40 OL
[[ $feed != direct ]] && start_nut

step 100 40 OL 0 keep 0      # 1900 Wh usable, 1600 needed for 4 hours at 400 W
step 80 40 OB 1 shed 1       # 1500 usable < 1600: shed non-essential (exit 1: over)
[[ $(field "$TMP/decision-2.json" 0 '.changed_components | join(",")') == analytics,ar-overlay ]] ||
  fail "step 2: $(cat "$TMP/decision-2.json")"
step 78 30 OB 0 keep 1       # 300 W now: 1200 needed, 1460 usable
step 45 30 OB 1 shed 2       # 800 usable < 1200: shed degraded too
[[ $(field "$TMP/decision-4.json" 0 '.changed_tiers | join(",")') == degraded ]] ||
  fail "step 4: $(cat "$TMP/decision-4.json")"
sleep 5.2
step 90 15 OL 0 restore 1    # charged: degraded comes back first, after the hold
step 99 30 OL 0 keep 1       # non-essential would fit, but the level holds 5s
[[ -n $(field "$TMP/decision-6.json" 0 '.hold_until // empty') ]] || fail "step 6: no hold_until: $(cat "$TMP/decision-6.json")"
sleep 5.2
step 100 30 OL 0 restore 0   # then non-essential
[[ $(field "$TMP/decision-7.json" 0 '.changed_components | join(",")') == analytics,ar-overlay ]] ||
  fail "step 7: $(cat "$TMP/decision-7.json")"
echo "ok (fed by $feed)"
