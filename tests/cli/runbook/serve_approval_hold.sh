#!/usr/bin/env bash
# A person in the loop: a rule that needs approval runs nothing until
# `evt-runbook approve ID` (then it runs, once); another times out to the
# safe default (skip) and never runs; `deny` settles one without a run.
# The site hold: no automatic run while it is set, and serve's records
# list what it held back. Records come from --records (a growing file)
# and POST /v1/records, so no Alertmanager is needed here.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/serve_lib.bash"

serve_config '[{"name": "ask", "match": {"record": {"kind": "anomaly", "series": "checkout"}}, "runbook": "fix",
                "vars": {"what": "{{labels.series}}"}, "approval": {"required": true, "timeout": "1h"}},
               {"name": "late", "match": {"record": {"kind": "anomaly", "series": "late"}}, "runbook": "fix",
                "vars": {"what": "late"}, "approval": {"required": true, "timeout": "1s", "on_timeout": "skip"}},
               {"name": "auto", "match": {"record": {"kind": "anomaly", "series": "uplink"}}, "runbook": "undo",
                "vars": {"what": "{{labels.series}}"}, "approval": {"required": false}}]'
anomaly() {
  jq -cn --arg s "$1" --arg ts "$2" \
    '{kind: "anomaly", v: 1, ts: $ts, state: "raise", series: $s, target: $s, score: 9.5, value: 1, labels: {}}'
}
: >"$TMP/records"
serve_start --records "$TMP/records"

anomaly checkout 2026-12-06T10:00:00.000Z >>"$TMP/records"
anomaly late 2026-12-06T10:00:01.000Z >>"$TMP/records"
for ((i = 0; i < 100; i++)); do
  [[ $(grep -c '"action":"await_approval"' "$TMP/serve.out") -ge 2 ]] && break
  sleep 0.1
done
[[ $(grep -c '"action":"await_approval"' "$TMP/serve.out") -ge 2 ]] || fail "no approvals asked: $(cat "$TMP/serve.out" "$TMP/serve.err")"
sleep 1.5  # the late one times out meanwhile
[[ $(runs_of fix) == 0 ]] || fail "ran before approval: $(cat "$TMP/runs")"
jq -se 'map(select(.rule == "late" and .action == "denied")) | length == 1' "$TMP/serve.out" >/dev/null ||
  fail "the late approval did not time out to skip: $(cat "$TMP/serve.out")"
run "$RUNBOOK" history --pending --json
expect_rc "history --pending" 0
id=$(jq -r 'select(.rule == "ask") | .decision_id' "$TMP/out")
[[ -n $id && $(wc -l <"$TMP/out") == 1 ]] || fail "history --pending: $(cat "$TMP/out")"
run "$RUNBOOK" approve "$id"
expect_rc "approve" 0
[[ $(runs_of fix) == 1 ]] || fail "approve did not run it once: $(cat "$TMP/runs" 2>/dev/null)"
grep -q '^fix checkout$' "$TMP/runs" || fail "the var did not reach the run: $(cat "$TMP/runs")"
run "$RUNBOOK" approve "$id"
expect_rc "approve again" 65
run "$RUNBOOK" deny no-such-decision
expect_rc "deny an unknown id" 65
sleep 1
[[ $(runs_of fix) == 1 ]] || fail "the timed-out one ran: $(cat "$TMP/runs")"

# The hold: nothing runs, serve says what it held back; after release, a
# new anomaly runs.
run "$RUNBOOK" state hold --for 1h --reason "swapping the router"
expect_rc "state hold" 0
printf '%s\n' "$(anomaly uplink 2026-12-06T11:00:00.000Z)" |
  curl -sf --data-binary @- "http://127.0.0.1:$SERVE_PORT/v1/records" >/dev/null || fail "POST /v1/records"
sleep 1
[[ $(runs_of undo) == 0 ]] || fail "ran under the hold"
jq -se 'map(select(.action == "held_back" and .runbook == "undo")) | length == 1' "$TMP/serve.out" >/dev/null ||
  fail "serve does not list what it held back: $(cat "$TMP/serve.out")"
run "$RUNBOOK" state release
expect_rc "state release" 0
anomaly uplink 2026-12-06T11:05:00.000Z >>"$TMP/records"
wait_runs undo 1 10
validate "$TMP/serve.out"
