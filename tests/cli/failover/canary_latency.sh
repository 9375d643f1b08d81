#!/usr/bin/env bash
# A slow build rolls back (doc/design.md §19): v2 answers 50 ms later than
# v1 (steering_backend.py's delay_ms), so the first step's Mann–Whitney test
# sees a Hodges–Lehmann shift near +50 ms, far past the 10 ms tolerance,
# and with failed_steps 1 the canary rolls back at once: v2 back to weight
# 0 and drained, v1 carrying the route, the rollback hook run, exit 1.
# 40 requests a side: with a 50 ms shift over ~1 ms of noise every canary
# sample ranks above every baseline one, p ≈ 1e-14, whatever the seed.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 0,
  "judge": '"$(canary_judge 20 40)"',
  "samples": {"requests": 40, "rate": "80/s", "timeout": "2s", "real_traffic": true},
  "hooks": {"rollback": "canary-rollback"}}' \
  '{"dirs": ["'"$TMP/runbooks"'"]}'
cat >"$TMP/runbooks/canary-rollback.lua" <<'LUA'
return {
  description = "the canary test's rollback hook",
  run = function()
    evt.log.info("rolled back")
  end,
}
LUA
backend_control v2 "delay_ms=50"

start=$(now_ms)
run canary_failover canary reads --to v2 --steps 50,100 --interval 1s --yes --json
took=$(($(now_ms) - start))
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "rolled back in $took ms"
canary_figures "$TMP/out"
[[ $RC == 1 ]] || fail "canary exit $RC, not 1 (rolled back): $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == *start*step*rollback* ]] || fail "events: $(canary_events "$TMP/out")"
[[ $(canary_events "$TMP/out") != *promote* ]] || fail "promoted a slow build"
jq -se '[.[] | select(.event == "step")] | length == 1 and .[0].percent == 50 and .[0].verdict == "fail"' "$TMP/out" \
  >/dev/null || fail "not one failed step at 50 %: $(canary_figures "$TMP/out")"
jq -se '.[] | select(.event == "step") | .metrics[] | select(.name == "latency") |
        .verdict == "fail" and .p_value < 0.001 and .estimate > 40 and .estimate < 80' "$TMP/out" \
  >/dev/null || fail "latency metric: $(canary_figures "$TMP/out")"

[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=0 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ') after the rollback"
admin=$(server_admin "$SOCK" reads v2)
((admin & 8)) || fail "v2's admin state is $admin, not drain"
"$EVT_BIN_DIR/evt-runbook" --config "$TMP/event.json" --state-dir "$TMP/state" history --json >"$TMP/history" 2>"$TMP/history.err" ||
  fail "evt-runbook history: $(cat "$TMP/history.err")"
jq -se 'any(.[]; .runbook == "canary-rollback" and .outcome == "ok")' "$TMP/history" >/dev/null || fail "the rollback hook did not run: $(cat "$TMP/history" "$TMP/err")"
echo "canary_latency: ok"
