#!/usr/bin/env bash
# A build that fails 2 % of its requests rolls back (doc/design.md §19): v2
# answers 500 to a seeded 2 % (steering_backend.py's error_rate; the seed is
# printed and EVT_TEST_SEED replays it), v1 to none. Fisher's two-sided test
# on 0 errors of n against about 0.02 n needs 6 canary errors for p < 0.05,
# so the number of requests per side and step decides the power (exact
# binomial sums, baseline at 0 %):
#     n    200   300   400   500   600   800
#   power 0.21  0.56  0.81  0.93  0.98  0.999   one step
# 600 a side at 300/s over a 2 s step (the backends keep up without a
# backlog), and two steps before a promotion could happen: a 2 % build
# escapes both with probability 0.02² = 0.0004.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "2s", "failed_steps": 1, "recollect": 0,
  "judge": '"$(canary_judge 20 200)"',
  "samples": {"requests": 600, "rate": "300/s", "timeout": "2s", "error_status": 500, "real_traffic": true}}'
backend_control v2 "error_rate=0.02"

start=$(now_ms)
run canary_failover canary reads --to v2 --steps 50,100 --interval 2s --yes --json
took=$(($(now_ms) - start))
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "rolled back in $took ms; $(grep -h seed "$TMP/backend-v2.err")"
canary_figures "$TMP/out"
[[ $RC == 1 ]] || fail "canary exit $RC, not 1 (rolled back): $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == *start*step*rollback* ]] || fail "events: $(canary_events "$TMP/out")"
[[ $(canary_events "$TMP/out") != *promote* ]] || fail "promoted a build failing 2 %"
# The failed step failed on its error ratio, with the counts the sampler sent.
jq -se '[.[] | select(.event == "step" and .verdict == "fail")] | length == 1 and
        (.[0].metrics[] | select(.name == "errors") | .verdict == "fail" and .p_value < 0.05 and
         .baseline_n >= 600 and .canary_n >= 600 and .estimate > 0.005)' "$TMP/out" >/dev/null ||
  fail "errors metric: $(canary_figures "$TMP/out")"
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=0 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') after the rollback"
echo "canary_errors: ok"
