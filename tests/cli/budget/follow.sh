#!/usr/bin/env bash
# `check --watch` on a live pipe: every metric record is ingested and
# decided on as it comes, and a decision that changes the level reaches the
# reader at once, while the pipe is still open (flushed per record). Real
# time: the event ends two hours from now and the hold is 1s.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
end=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
cat >"$EVT_CONFIG" <<JSON
{ "site": { "name": "test", "starts_at": "$start", "ends_at": "$end" },
  "budget": {
    "components": { "checkout": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "1s",
    "budgets": [ { "name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 2000,
                   "nominal_w": 1000, "reserve_wh": 100 } ] } }
JSON

# sample CHARGE LOAD (ratios): the UPS now, as evt-scrape reports it, read
# twice: these charges move further in a second than a battery can, and
# such a reading is held back until the next one confirms it.
sample() {
  local ts i
  for i in 1 2; do
    ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_battery_charge","value":%s,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$ts" "$1" >&3
    printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_ups_load","value":%s,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$ts" "$2" >&3
    sleep 0.01
  done
}
expect_decision() {  # N ACTION LEVEL
  wait_lines "$TMP/out" "$1" 10
  local got
  got=$(sed -n "$1p" "$TMP/out" | jq -r '"\(.action) \(.level)"')
  [[ $got == "$2 $3" ]] || fail "decision $1: $got, expected $2 $3: $(cat "$TMP/out")"
}

mkfifo "$TMP/fifo"
"$BUDGET" check --watch "$TMP/fifo" >"$TMP/out" 2>"$TMP/err" &
checker=$!
started $checker
exec 3>"$TMP/fifo"
expect_decision 1 keep 0     # the state before any input
sample 1 0.4      # ~1900 Wh usable, 800 needed: no change, no record
sample 0.4 0.4    # 700 usable < 800 needed: shed non-essential
expect_decision 2 shed 1
sample 0.25 0.3   # 400 usable < 600 needed at 300 W: shed degraded
expect_decision 3 shed 2
sleep 1.1
sample 1 0.15     # charged: degraded back, after the 1s hold
expect_decision 4 restore 1
sleep 1.1
sample 1 0.3
expect_decision 5 restore 0
exec 3>&-
wait_exit $checker 10
expect_rc "check --watch" 0
validate "$TMP/out"
[[ $(wc -l <"$TMP/out") -eq 5 ]] || fail "expected 5 decisions: $(cat "$TMP/out")"
echo ok
