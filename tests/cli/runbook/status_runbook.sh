#!/usr/bin/env bash
# evt-runbook status: one runbook.status record: the runs and failures of
# the last day from the audit trail, a decision awaiting approval, and
# serve alive beside it (its heartbeat), stale once killed. Read-only: a
# state directory without a store stays empty. For a person, 80 columns.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/serve_lib.bash"
field() { jq -r "select(.kind == \"runbook.status\") | $1" "$TMP/out"; }
status_json() {
  run "$RUNBOOK" status --json
  expect_rc "status $1" 0
  validate "$TMP/out"
}

mkdir -m 700 "$TMP/fresh"
run "$RUNBOOK" --state-dir "$TMP/fresh" status --json
expect_rc "status in an empty state directory" 0
[[ $(jq -r '"\(.serve) \(.runs_24h) \(.pending_approvals) \(.last_runs | length)"' "$TMP/out") == "none 0 0 0" ]] ||
  fail "empty: $(cat "$TMP/out")"
[[ -z $(ls -A "$TMP/fresh") ]] || fail "status created state: $(ls -A "$TMP/fresh")"

cat >"$TMP/books/broken.lua" <<'LUA'
return { description = "fails", run = function() evt.step("try", function() error("no uplink") end) end }
LUA
cat >"$TMP/books/fine.lua" <<'LUA'
return { description = "does nothing, well", run = function() evt.step("look", function() end) end }
LUA
"$RUNBOOK" run "$TMP/books/fine.lua" >/dev/null 2>&1 || fail "fine should run"
"$RUNBOOK" run "$TMP/books/broken.lua" >/dev/null 2>&1 && fail "broken should fail"
status_json "after two runs"
[[ $(field '"\(.runs_24h) \(.failed_24h) \(.last_runbook) \(.last_outcome)"') == "2 1 broken failed" ]] ||
  fail "runs: $(cat "$TMP/out")"
[[ $(field '[.last_runs[].runbook] | join(",")') == broken,fine ]] || fail "last runs: $(cat "$TMP/out")"

serve_config '[{"name": "ask", "match": {"record": {"kind": "anomaly", "series": "checkout"}}, "runbook": "fix",
                "approval": {"required": true, "timeout": "1h"}}]'
: >"$TMP/records"
serve_start --records "$TMP/records"
jq -cn '{kind: "anomaly", v: 1, ts: "2026-12-06T10:00:00.000Z", state: "raise", series: "checkout",
         target: "checkout", score: 9.5, value: 1, labels: {}}' >>"$TMP/records"
for ((i = 0; i < 100; i++)); do
  status_json "beside serve"
  [[ $(field .pending_approvals) == 1 ]] && break
  sleep 0.1
done
[[ $(field '"\(.serve) \(.pending_approvals) \(.pending[0].rule) \(.pending[0].runbook)"') == "alive 1 ask fix" ]] ||
  fail "beside serve: $(cat "$TMP/out")"

NO_COLOR=1 COLUMNS=80 run script -qefc "$(printf '%q ' "$RUNBOOK" status)" /dev/null
expect_rc "status on a terminal" 0
grep -q "serve alive; 2 runs in 24h, 1 failed; 1 awaiting approval" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
grep -q "awaiting approval: fix (rule ask), evt-runbook approve" "$TMP/out" || fail "terminal: $(cat "$TMP/out")"
export LC_ALL=C.UTF-8
while IFS= read -r line; do
  line=$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g; s/\r$//')
  ((${#line} <= 80)) || fail "wider than 80 columns: $line"
done <"$TMP/out"

kill -KILL "$SERVE_PID"
wait_exit "$SERVE_PID" 10 || true
status_json "after serve was killed"
[[ $(field .serve) == stale && -n $(field .serve_beat_at) ]] || fail "killed serve: $(cat "$TMP/out")"
