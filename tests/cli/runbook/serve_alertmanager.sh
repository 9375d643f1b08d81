#!/usr/bin/env bash
# evt-runbook serve behind a real Alertmanager (0.25, loopback): while the
# receiver answers 500 for 6 s Alertmanager retries, and after recovery the
# runbook runs exactly once; an HA pair of Alertmanagers (gossip on
# loopback) both sent the same alert: one run. Runs are counted by the
# runbook's own file.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/serve_lib.bash"
source "$(dirname "$0")/alertmanager.bash"

serve_config '[{"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "fix",
                "vars": {"what": "{{labels.site}}"}, "approval": {"required": false}},
               {"name": "power", "match": {"alertmanager": {"alertname": "PowerLow"}}, "runbook": "undo",
                "approval": {"required": false}}]'
serve_start

# 1. Retries: the proxy fails for 6 s, then forwards.
python3 "$(dirname "$0")/serve_failing_proxy.py" "$TMP/ready" "http://127.0.0.1:$SERVE_PORT/v1/alertmanager" \
  "$TMP/proxy.port" "$TMP/failed" &
started $!
proxy_port=$(wait_port_file "$TMP/proxy.port")
am_start one "http://127.0.0.1:$proxy_port/"
am_fire "$AM_PORT" firing UplinkDown site=gate-7
started_ms=$(now_ms)
wait_lines "$TMP/failed" 1 10
while (($(now_ms) - started_ms < 6000)); do sleep 0.2; done
failed=$(wc -l <"$TMP/failed")
((failed >= 2)) || fail "Alertmanager did not retry while the receiver failed: $failed attempts"
[[ $(runs_of fix) == 0 ]] || fail "ran while the receiver failed"
touch "$TMP/ready"
wait_runs fix 1 20
sleep 2.5  # a group_interval and more: any resend would have come
[[ $(runs_of fix) == 1 ]] || fail "expected one run after recovery: $(cat "$TMP/runs")"
grep -q "^fix gate-7$" "$TMP/runs" || fail "the alert's site did not reach the runbook: $(cat "$TMP/runs")"

# 2. An HA pair, both posting to serve directly: one run.
am_start ha1 "http://127.0.0.1:$SERVE_PORT/v1/alertmanager"
ha1=$AM_PORT
am_start ha2 "http://127.0.0.1:$SERVE_PORT/v1/alertmanager" "$AM_CLUSTER_PORT"
ha2=$AM_PORT
sleep 1  # the peers find each other
am_fire "$ha1" firing PowerLow site=gate-7
am_fire "$ha2" firing PowerLow site=gate-7
wait_runs undo 1 15
sleep 3
[[ $(runs_of undo) == 1 ]] || fail "the HA pair ran it $(runs_of undo) times: $(cat "$TMP/runs")"
