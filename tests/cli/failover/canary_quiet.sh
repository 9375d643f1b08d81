#!/usr/bin/env bash
# A canary nobody exercises ends inconclusive and holds (doc/design.md §19):
# no synthetic requests (samples.requests 0) and no real traffic counted,
# so every metric is below its minimum; with recollect 0 the first such
# window holds the step (exit 75, try again), the weights and the lease
# kept: never a promotion on what nobody tried.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 0,
  "judge": '"$(canary_judge 20 200)"',
  "samples": {"requests": 0, "real_traffic": false}}'

start=$(now_ms)
run canary_failover canary reads --to v2 --steps 50,100 --interval 1s --yes --json
took=$(($(now_ms) - start))
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "held in $took ms"
canary_figures "$TMP/out"
[[ $RC == 75 ]] || fail "canary exit $RC, not 75 (holding): $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == *start*step*hold* ]] || fail "events: $(canary_events "$TMP/out")"
[[ $(canary_events "$TMP/out") != *promote* && $(canary_events "$TMP/out") != *rollback* ]] ||
  fail "a quiet canary was decided: $(canary_events "$TMP/out")"
jq -se '[.[] | select(.event == "step")] | length == 1 and all(.[]; .verdict == "inconclusive" and .percent == 50
        and all(.metrics[]; .verdict == "inconclusive" and .baseline_n == 0 and .canary_n == 0))' "$TMP/out" >/dev/null ||
  fail "steps: $(canary_figures "$TMP/out")"
# The step is held: v2 keeps its 50 %.
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=1 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') while holding at 50 %"
echo "canary_quiet: ok"
