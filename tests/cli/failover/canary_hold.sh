#!/usr/bin/env bash
# The site hold stops a canary (doc/design.md §4.5, §19): a hold placed
# while the first step is collecting is seen before the next weight moves;
# the canary holds at 50 % (exit 75), the lease kept. Once the hold is
# released, a run without --yes and no terminal to ask on holds before the
# last step (confirm_promotion: never a silent promotion), and the same
# command with --yes resumes and promotes.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 1,
  "judge": '"$(canary_judge 20 30)"',
  "samples": {"requests": 30, "rate": "100/s", "timeout": "2s", "real_traffic": true},
  "hooks": {"confirm_promotion": true}}'

"$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" canary reads --to v2 --steps 50,100 --interval 1s --yes --json >"$TMP/first" 2>"$TMP/first.err" &
first=$!
started "$first"
wait_record "$TMP/first" '.event == "weights"' 15 >/dev/null ||
  fail "the first step did not start: $(cat "$TMP/first" "$TMP/first.err")"
canary_failover state hold --for 5m --reason "a person is working" >/dev/null 2>"$TMP/hold.err" ||
  fail "state hold: $(cat "$TMP/hold.err")"
held_at=$(now_ms)
wait_exit "$first" 15
echo "held $(($(now_ms) - held_at)) ms after the hold was placed, exit $RC"
canary_figures "$TMP/first"
jq -c "select(.event != \"step\") | {event, step, percent, reason}" "$TMP/first"
[[ $RC == 75 ]] || fail "canary exit $RC under a hold, not 75: $(cat "$TMP/first.err" "$TMP/first")"
[[ $(canary_events "$TMP/first") == *hold* && $(canary_events "$TMP/first") != *promote* ]] ||
  fail "events under a hold: $(canary_events "$TMP/first")"
jq -se 'any(.[] | select(.event == "hold"); .reason | test("hold|person"))' "$TMP/first" >/dev/null ||
  fail "the hold record does not name the hold: $(grep '"hold"' "$TMP/first")"
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=1 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') while held at 50 %"

canary_failover state release >/dev/null 2>"$TMP/release.err" || fail "state release: $(cat "$TMP/release.err")"
run canary_failover canary reads --to v2 --steps 50,100 --interval 1s --json
echo "headless without --yes: exit $RC, events $(canary_events "$TMP/out")"
[[ $RC == 75 ]] || fail "headless without --yes: exit $RC, not 75: $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == *hold* && $(canary_events "$TMP/out") != *promote* ]] ||
  fail "headless without --yes: events $(canary_events "$TMP/out")"
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=1 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') after a headless run without --yes"
run canary_failover canary reads --to v2 --steps 50,100 --interval 1s --yes --json
canary_figures "$TMP/out"
[[ $RC == 0 ]] || fail "rerun after the release: exit $RC: $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == resume*promote* ]] || fail "rerun events: $(canary_events "$TMP/out")"
echo "canary_hold: ok"
