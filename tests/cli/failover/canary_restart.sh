#!/usr/bin/env bash
# A restart mid-canary resumes (doc/design.md §19): the canary process is
# killed with SIGKILL inside its second step's window; its lease names a
# dead process, so the same command run again takes it over, says
# "resume", judges the interrupted step afresh from the start of a new
# window (the first, already passed, is not run again) and promotes.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [30, 60, 100], "interval": "1s", "failed_steps": 1, "recollect": 1,
  "judge": '"$(canary_judge 20 30)"',
  "samples": {"requests": 30, "rate": "100/s", "timeout": "2s", "real_traffic": true}}'

"$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" canary reads --to v2 --steps 30,60,100 --interval 1s --yes --json >"$TMP/first" 2>"$TMP/first.err" &
first=$!
started "$first"
wait_record "$TMP/first" '.event == "step" and .step == 1' 15 >/dev/null ||
  fail "no first step judged: $(cat "$TMP/first" "$TMP/first.err")"
sleep 0.4  # inside the second step's window
kill -9 "$first"
wait_exit "$first" 5
killed_at=$(now_ms)
echo "killed during step 2: $(server_weights "$SOCK" reads | tr '\n' ' ')"
[[ $(canary_events "$TMP/first") != *promote* ]] || fail "promoted before the kill: $(canary_events "$TMP/first")"

run canary_failover canary reads --to v2 --steps 30,60,100 --interval 1s --yes --json
took=$(($(now_ms) - killed_at))
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "resumed and promoted in $took ms"
canary_figures "$TMP/out"
[[ $RC == 0 ]] || fail "rerun exit $RC: $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == resume*step*step*promote* ]] || fail "rerun events: $(canary_events "$TMP/out")"
jq -se '[.[] | select(.event == "step") | .percent] == [60, 100]' "$TMP/out" >/dev/null ||
  fail "the rerun did not resume at the second step: $(canary_figures "$TMP/out")"
admin=$(server_admin "$SOCK" reads v1)
((admin & 1)) || fail "v1's admin state is $admin, not maintenance"
echo "canary_restart: ok"
