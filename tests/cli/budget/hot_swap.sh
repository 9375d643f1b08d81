#!/usr/bin/env bash
# A battery hot-swap sheds nothing: a single 0 % reading (packs pulled in a
# hurry, a misread register) is held back until the next reading, which
# here contradicts it; a planned swap (`evt-budget swap ups --for 5m`)
# holds back every reading of the source until it ends, and the first
# reading after it starts the new pack. The governor keeps level 0 all
# along; without either, one 0 % reading sheds down to level 2.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

# reading TS CHARGE: the UPS at 40 % load (400 W of its 1000 W).
reading() {
  printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_battery_charge","value":%s,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$1" "$2"
  printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_ups_load","value":0.4,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$1"
}
# check_at TS CHARGE WHAT: feeds one reading to `check` at TS; the governor
# must keep level 0.
check_at() {
  reading "$1.000Z" "$2" >"$TMP/in.jsonl"
  run "$BUDGET" check --json --at "$1Z" - <"$TMP/in.jsonl"
  validate "$TMP/out"
  [[ $RC -eq 0 && $(field "$TMP/out" 0 ' | "\(.action) \(.level)"') == "keep 0" ]] ||
    fail "$3 (charge $2 at $1): exit $RC, $(cat "$TMP/out") $(cat "$TMP/err")"
}

# Two hours to go at 400 W: 800 Wh needed, 1700 above the reserve at 90 %.
check_at 2026-12-05T20:00:00 0.9 "a full battery"
check_at 2026-12-05T20:00:05 0 "one 0 % reading"
check_at 2026-12-05T20:00:10 0.89 "the reading after it"

run "$BUDGET" swap ups --for 5m --json --at 2026-12-05T20:01:00Z
expect_rc "swap" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 ' | "\(.kind) \(.source) \(.until)"') == "budget.swap ups 2026-12-05T20:06:00.000Z" ]] ||
  fail "swap: $(cat "$TMP/out")"
check_at 2026-12-05T20:01:30 0 "packs pulled during the swap"
check_at 2026-12-05T20:04:00 0.02 "a pack half in during the swap"
check_at 2026-12-05T20:06:00 0.97 "the new pack"
run "$BUDGET" status --json --at 2026-12-05T20:06:01Z
[[ $(jq -r 'select(.name == "battery") | .spent' "$TMP/out") == 60 ]] ||
  fail "the new pack's 97 % is not the battery's charge: $(cat "$TMP/out")"

# Bad swaps: a source no energy budget reads, a swap longer than an hour.
run "$BUDGET" swap router --at 2026-12-05T20:07:00Z
expect_rc "swap of an unknown source" 2
grep -q 'swap: "router" is no energy budget'"'"'s source (sources: ups)' "$TMP/err" || fail "unknown source: $(cat "$TMP/err")"
run "$BUDGET" swap ups --for 2h --at 2026-12-05T20:07:00Z
expect_rc "a 2h swap" 2
run "$BUDGET" swap ups --dry-run --at 2026-12-05T20:07:00Z
expect_rc "swap --dry-run" 3
echo ok
