#!/usr/bin/env bash
# The canary's lease and its commands on a real HAProxy 2.6 (doc/design.md
# §19): --dry-run prints each step's weights and changes nothing (exit 3);
# a quiet canary holds at 50 % (exit 75) and the watch daemon, started
# while it holds, keeps the canary's 50 % instead of the route's split
# (v1 100, v2 0); `canary status` shows it holding with its holder gone;
# `route set` is refused while it holds; `canary abort` rolls it back (v2 at weight 0 and drained) and the daemon,
# seeing the lease end, keeps the split; a live canary asked to abort
# rolls back itself at the end of its window.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 0,
  "judge": '"$(canary_judge 20 200)"',
  "samples": {"requests": 0, "real_traffic": false}}'
weights() { server_weights "$SOCK" reads | tr '\n' ' '; }

run canary_failover canary reads --to v2 --steps 30,60 --dry-run --json
[[ $RC == 3 ]] || fail "dry run exit $RC, not 3: $(cat "$TMP/err")"
validate "$TMP/out"
jq -se '[.[] | .event] == ["plan", "plan", "plan"] and [.[] | .percent] == [30, 60, 100]
        and .[0].weights == {"v1": 7, "v2": 3} and .[2].weights == {"v1": 0, "v2": 1}' "$TMP/out" >/dev/null ||
  fail "dry run plan: $(cat "$TMP/out")"
[[ $(weights) == "v1=1 v2=0 " ]] || fail "the dry run changed HAProxy: $(weights)"

run canary_failover canary reads --to v9 --yes
[[ $RC == 2 ]] || fail "a canary that is not a member: exit $RC: $(cat "$TMP/err")"

run canary_failover canary reads --to v2 --yes --json
[[ $RC == 75 ]] || fail "quiet canary exit $RC, not 75: $(cat "$TMP/err" "$TMP/out")"
[[ $(weights) == "v1=1 v2=1 " ]] || fail "not holding at 50 %: $(weights)"
run canary_failover route set reads --split v1=100,v2=0
[[ $RC == 69 && $(cat "$TMP/err") == *"canary abort reads"* ]] || fail "route set under a canary: exit $RC: $(cat "$TMP/err")"
[[ $(weights) == "v1=1 v2=1 " ]] || fail "route set changed a held canary's step: $(weights)"

# The daemon starts while the canary holds: it must not put the split back.
# evt-failover itself, not a subshell running the function, so the TERM below reaches it.
"$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" watch --json >"$TMP/watch" 2>"$TMP/watch.err" &
watch=$!
started "$watch"
wait_record "$TMP/watch" '.event == "weights" and .verified == true' 15 >/dev/null ||
  fail "watch applied nothing: $(cat "$TMP/watch" "$TMP/watch.err")"
sleep 1.5
[[ $(weights) == "v1=1 v2=1 " ]] || fail "the daemon undid the canary's step: $(weights); $(cat "$TMP/watch")"
jq -se 'all(.[] | select(.event == "weights"); .after == {"v1": 1, "v2": 1})' "$TMP/watch" >/dev/null ||
  fail "the daemon wanted other weights: $(cat "$TMP/watch")"

run canary_failover canary status reads --json
[[ $RC == 0 ]] || fail "status exit $RC: $(cat "$TMP/err")"
validate "$TMP/out"
jq -e '.state == "holding" and .percent == 50 and .holder_alive == false and .verdict == "inconclusive"' "$TMP/out" >/dev/null ||
  fail "status: $(cat "$TMP/out")"

# canary's --dry-run reaches abort (subcommands take their parent's options): it shows, it does not roll back.
run canary_failover canary abort reads --dry-run
[[ $RC == 3 && $(cat "$TMP/err") == *"would roll back v2 (at 50 %)"* ]] || fail "abort --dry-run: exit $RC: $(cat "$TMP/err")"
[[ $(weights) == "v1=1 v2=1 " ]] || fail "abort --dry-run changed the weights: $(weights)"

run canary_failover canary abort reads --json
[[ $RC == 0 ]] || fail "abort exit $RC: $(cat "$TMP/err" "$TMP/out")"
validate "$TMP/out"
jq -e '.event == "rollback" and .state == "rolled_back" and .weights == {"v1": 1, "v2": 0}' "$TMP/out" >/dev/null ||
  fail "abort record: $(cat "$TMP/out")"
admin=$(server_admin "$SOCK" reads v2)
((admin & 8)) || fail "v2's admin state is $admin, not drain"
sleep 1
[[ $(weights) == "v1=1 v2=0 " ]] || fail "after the abort: $(weights)"
run canary_failover canary abort reads
[[ $RC == 0 ]] || fail "a second abort: exit $RC: $(cat "$TMP/err")"

# A live canary is asked to roll back and does so once its window ends.
"$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" canary reads --to v2 --steps 50 --interval 2s --yes \
  --json >"$TMP/live" 2>"$TMP/live.err" &
live=$!
started "$live"
wait_record "$TMP/live" '.event == "weights"' 15 >/dev/null || fail "the live canary did not start: $(cat "$TMP/live.err")"
run canary_failover canary abort reads --json
[[ $RC == 0 ]] || fail "abort of a live canary: exit $RC: $(cat "$TMP/err" "$TMP/out")"
wait_exit "$live" 10
[[ $RC == 1 ]] || fail "the aborted canary exit $RC, not 1 (rolled back): $(cat "$TMP/live.err")"
[[ $(canary_events "$TMP/live") == *rollback* ]] || fail "live canary events: $(canary_events "$TMP/live")"
jq -se 'any(.[]; .event == "rollback" and .reason == "aborted by `canary abort`")' "$TMP/live" >/dev/null ||
  fail "the live canary's rollback: $(cat "$TMP/live")"
[[ $(weights) == "v1=1 v2=0 " ]] || fail "after aborting the live canary: $(weights)"
grep -c "canary v2 holding at 50 % holds the route" "$TMP/watch" >/dev/null || fail "the daemon's record does not name the lease: $(cat "$TMP/watch")"
kill -TERM "$watch"
wait_exit "$watch" 10
echo "canary_lease: ok"
