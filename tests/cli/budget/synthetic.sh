#!/usr/bin/env bash
# A load test cannot make a live site shed: records marked "synthetic"
# (evt-load writes "synthetic": "load") are not charged outside a staging
# window: the error budget stays ok and the governor keeps its level.
# Inside a budget.staging window they are charged: the error budget is over
# and the governor sheds (it acts on money and energy budgets, so the load
# test's edge usage is what moves it). Records left out are said on
# stderr, never dropped silently.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"

# staging_config WINDOWS: the site, with an error budget on "checkout", a
# money budget on edge executions, and budget.staging set to WINDOWS (a
# JSON array; none when empty).
staging_config() {
  local staging=""
  [[ -z $1 ]] || staging="\"staging\": $1,"
  cat >"$EVT_CONFIG" <<JSON
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z" },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical", "ar-overlay": "non-essential" },
    $staging
    "budgets": [ { "name": "checkout-slo", "unit": "error", "objective": 0.999, "events_from": "checkout" },
                 { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR" } ]
  }
}
JSON
}

# probes SYNTHETIC: in the first minute of the event, 60 good live probes of
# checkout and a little live edge usage; and what a load test made (with
# SYNTHETIC as the records' "synthetic" field): 30 failed probes and 100
# million edge executions, more than the whole money budget.
probes() {
  local s
  for ((s = 0; s < 60; s++)); do
    printf '{"kind":"probe","v":1,"ts":"2026-12-05T10:00:%02d.000Z","target":"checkout","ok":true}\n' "$s"
  done
  usage live-1 2026-12-05T10:00:10.000Z checkout edge.exec 1000
  for ((s = 0; s < 30; s++)); do
    printf '{"kind":"probe","v":1,"ts":"2026-12-05T10:00:%02d.500Z","target":"checkout","ok":false,"synthetic":"%s"}\n' \
      "$s" "$1"
  done
  printf '{"kind":"usage","v":1,"ts":"2026-12-05T10:00:30.000Z","id":"load-1","component":"checkout",'
  printf '"resource":"edge.exec","qty":100000000,"synthetic":"%s"}\n' "$1"
}

# state BUDGET: that budget's state in the decision record in $TMP/out.
state() { jq -r --arg name "$1" '.budgets[] | select(.name == $name) | .state' "$TMP/out"; }

probes load >"$TMP/probes.jsonl"

# Without a staging window, and outside one: the live budgets see the live
# records and nothing else.
for windows in '' '[{"from": "2026-12-04T09:00:00Z", "until": "2026-12-04T10:00:00Z", "note": "the day before"}]'; do
  export EVT_STATE_DIR="$TMP/state${windows:+-outside}"
  staging_config "$windows"
  run "$BUDGET" config check
  expect_rc "config check (staging: ${windows:-none})" 0
  run "$BUDGET" check --at 2026-12-05T10:01:00Z "$TMP/probes.jsonl"
  [[ $(field "$TMP/out" 0 .action) == keep && $(field "$TMP/out" 0 .level) == 0 ]] ||
    fail "outside staging, synthetic records moved the governor: $(cat "$TMP/out")"
  expect_rc "check (staging: ${windows:-none})" 0
  validate "$TMP/out"
  [[ $(state checkout-slo) == ok && $(state edge-spend) == ok ]] ||
    fail "outside staging, synthetic records burned a budget: $(cat "$TMP/out")"
  grep -q "ignored 31 synthetic records (load)" "$TMP/err" ||
    fail "outside staging: the skipped records are not reported: $(cat "$TMP/err")"
done

# Inside a staging window (a rehearsal meant to burn its budget), the same
# records are charged: the budgets are over and the governor sheds.
export EVT_STATE_DIR="$TMP/staging-state"
staging_config '[{"from": "2026-12-05T09:30:00Z", "until": "2026-12-05T10:30:00Z", "note": "peak rehearsal"}]'
run "$BUDGET" check --at 2026-12-05T10:01:00Z "$TMP/probes.jsonl"
expect_rc "check inside staging: the budget is over" 1
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .action) == shed && $(field "$TMP/out" 0 .level) != 0 ]] ||
  fail "inside staging, synthetic records did not move the governor: $(cat "$TMP/out")"
[[ $(state checkout-slo) == over && $(state edge-spend) == over ]] ||
  fail "inside staging, synthetic records did not burn the budgets: $(cat "$TMP/out")"
! grep -q "synthetic" "$TMP/err" || fail "inside staging, records were left out: $(cat "$TMP/err")"

# A window that ends before it starts, or a flag that is not a boolean, is
# a config error naming the key.
staging_config '[{"from": "2026-12-05T10:30:00Z", "until": "2026-12-05T09:30:00Z"}]'
run "$BUDGET" config check
expect_rc "a window that ends before it starts" 78
grep -q "/budget/staging/0/until" "$TMP/err" || fail "the bad window's key is not named: $(cat "$TMP/err")"
sed -i 's/"events_from": "checkout"/"events_from": "checkout", "include_synthetic": "yes"/' "$EVT_CONFIG"
sed -i 's/"until": "2026-12-05T09:30:00Z"/"until": "2026-12-05T11:30:00Z"/' "$EVT_CONFIG"
run "$BUDGET" config check
expect_rc "include_synthetic not a boolean" 78
grep -q "/budget/budgets/0/include_synthetic" "$TMP/err" || fail "the bad flag's key is not named: $(cat "$TMP/err")"
exit 0
