#!/usr/bin/env bash
# A good build promotes (doc/design.md §19): `evt-failover canary reads --to
# v2 --steps 50,100 --interval 1s --yes` on a real HAProxy 2.6 moves v2 to
# 50 % then 100 %, each step judged on synthetic requests to both sides plus
# the real traffic HAProxy counted per server (a client sends requests
# through HAProxy all along), then drains v1 and puts it in maintenance, and
# runs the promote hook (a runbook, through evt-runbook).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"
source "$(dirname "$0")/canary_helpers.bash"

canary_setup '{"steps": [50, 100], "interval": "1s", "failed_steps": 1, "recollect": 1,
  "judge": '"$(canary_judge 20 40)"',
  "samples": {"requests": 40, "rate": "80/s", "timeout": "2s", "error_status": 500, "real_traffic": true},
  "hooks": {"promote": "canary-promote", "confirm_promotion": true}}' \
  '{"dirs": ["'"$TMP/runbooks"'"]}'
cat >"$TMP/runbooks/canary-promote.lua" <<'LUA'
return {
  description = "the canary test's promote hook",
  run = function()
    evt.log.info("promoted")
  end,
}
LUA

# Real traffic through HAProxy while the canary runs, until told to stop.
/usr/bin/python3 - "http://127.0.0.1:$HAPROXY_PORT/" "$TMP/traffic.stop" >"$TMP/traffic" 2>&1 <<'PY' &
import collections, os, sys, time, urllib.request
served = collections.Counter()
while not os.path.exists(sys.argv[2]):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
            served[r.headers.get("X-Served-By", "-")] += 1
    except Exception as e:
        served["error"] += 1
    time.sleep(0.02)
print(" ".join("%s=%d" % kv for kv in sorted(served.items())))
PY
traffic=$!
started "$traffic"

start=$(now_ms)
run canary_failover canary reads --to v2 --steps 50,100 --interval 1s --yes --json
took=$(($(now_ms) - start))
touch "$TMP/traffic.stop"
wait_exit "$traffic" 10
expect_json_lines "canary" "$TMP/out"
validate "$TMP/out"
echo "promoted in $took ms; real traffic through HAProxy: $(cat "$TMP/traffic")"
canary_figures "$TMP/out"
[[ $RC == 0 ]] || fail "canary exit $RC: $(cat "$TMP/err" "$TMP/out")"
[[ $(canary_events "$TMP/out") == *start*step*step*promote* ]] || fail "events: $(canary_events "$TMP/out")"
jq -se '[.[] | select(.event == "step") | .percent] == [50, 100]' "$TMP/out" >/dev/null || fail "steps: $(cat "$TMP/out")"
jq -se 'all(.[] | select(.event == "step"); .verdict == "pass")' "$TMP/out" >/dev/null || fail "a step did not pass"
# The proxy's counts joined the synthetic ones: more requests than were sent.
jq -se 'any(.[] | select(.event == "step") | .metrics[] | select(.name == "errors"); .baseline_n > 40 and .canary_n > 40)' \
  "$TMP/out" >/dev/null || fail "no real traffic in the error counts: $(canary_figures "$TMP/out")"

# HAProxy's own read-back: v2 carries everything, v1 in maintenance.
[[ $(server_weights "$SOCK" reads | grep '^v2=') != "v2=0" ]] || fail "v2 has weight 0 after promotion"
admin=$(server_admin "$SOCK" reads v1)
((admin & 1)) || fail "v1's admin state is $admin, not maintenance"
count_served "http://127.0.0.1:$HAPROXY_PORT/" 20 >"$TMP/served"
grep -qx "v2 20" "$TMP/served" || fail "after promotion: $(cat "$TMP/served")"

# The promote hook ran, as evt-runbook's audit log says.
"$EVT_BIN_DIR/evt-runbook" --config "$TMP/event.json" --state-dir "$TMP/state" history --json >"$TMP/history" 2>"$TMP/history.err" ||
  fail "evt-runbook history: $(cat "$TMP/history.err")"
jq -se 'any(.[]; .runbook == "canary-promote" and .outcome == "ok")' "$TMP/history" >/dev/null || fail "the promote hook did not run: $(cat "$TMP/history" "$TMP/err")"
echo "canary_promote: ok"
