#!/usr/bin/env bash
# Steps that do not divide 100 still end at 100 % (doc/design.md §19):
# --steps 33,66 runs 33 %, 66 % and a final 100 %, each read back from
# HAProxy, and promotes. First, a pre_rollout runbook that fails stops the
# canary before any weight moves.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 1,
  "judge": '"$(canary_judge 20 30)"',
  "samples": {"requests": 30, "rate": "100/s", "timeout": "2s", "real_traffic": true},
  "hooks": {"pre_rollout": "canary-pre"}}' \
  '{"dirs": ["'"$TMP/runbooks"'"]}'
pre_rollout() {
  cat >"$TMP/runbooks/canary-pre.lua" <<LUA
return {
  description = "the canary test's pre-rollout check",
  run = function()
    $1
  end,
}
LUA
}

pre_rollout 'error("the pre-rollout check says no")'
run canary_failover canary reads --to v2 --steps 33,66 --interval 1s --yes --json
echo "pre_rollout failing: exit $RC, events $(canary_events "$TMP/out")"
[[ $RC != 0 ]] || fail "a failing pre_rollout hook did not stop the canary: $(cat "$TMP/out")"
[[ $(canary_events "$TMP/out") != *weights* && $(canary_events "$TMP/out") != *step* ]] ||
  fail "weights moved despite the failing pre_rollout hook: $(canary_events "$TMP/out")"
grep -q "pre_rollout" "$TMP/out" "$TMP/err" || fail "the failing hook is not named: $(cat "$TMP/out" "$TMP/err")"
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=0 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') after a failed pre_rollout"

pre_rollout 'evt.log.info("ready")'

start=$(now_ms)
run canary_failover canary reads --to v2 --steps 33,66 --interval 1s --yes --json
took=$(($(now_ms) - start))
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "promoted in $took ms"
canary_figures "$TMP/out"
jq -c 'select(.event == "weights") | {percent, weights}' "$TMP/out"
[[ $RC == 0 ]] || fail "canary exit $RC: $(cat "$TMP/err" "$TMP/out")"
jq -se '[.[] | select(.event == "step") | .percent] == [33, 66, 100]' "$TMP/out" >/dev/null ||
  fail "steps: $(canary_figures "$TMP/out")"
[[ $(canary_events "$TMP/out") == *promote* ]] || fail "events: $(canary_events "$TMP/out")"
[[ $(server_weights "$SOCK" reads | grep '^v2=') != "v2=0" ]] || fail "v2 has weight 0 after promotion"
admin=$(server_admin "$SOCK" reads v1)
((admin & 1)) || fail "v1's admin state is $admin, not maintenance"
echo "canary_uneven: ok"
