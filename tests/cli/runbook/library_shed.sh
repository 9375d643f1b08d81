#!/usr/bin/env bash
# The shipped shed-non-essential runbook on the real evt-budget: a dry run
# shows the plan and changes nothing but its audit entry; a run pauses the
# components of the tiers shed, a later one resumes them when the governor
# restores, and each change is told to on-call. Without status commands
# (shed_reconcile.sh has them) a component follows the change of level.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/bin/svc" <<'SH'
#!/bin/sh
echo "$*" >>"$SVC_LOG"
SH
chmod +x "$TMP/bin/svc"
cat >"$TMP/bin/pager" <<'SH'
#!/bin/sh
cat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"
SH
chmod +x "$TMP/bin/pager"
export SVC_LOG=$TMP/svc.log PAGER_LOG=$TMP/pager.log
: >"$SVC_LOG"
: >"$PAGER_LOG"
cat >"$TMP/event.json" <<JSON
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z" },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "5m",
    "budgets": [ { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "thresholds": [0.5, 0.8, 1.0] } ]
  },
  "runbook": { "allow_exec": ["$TMP/bin/svc"], "notify": { "command": ["$TMP/bin/pager"] } },
  "runbooks": { "shed-non-essential": {
    "pause": { "ar-overlay": ["$TMP/bin/svc", "stop", "ar-overlay"], "analytics": ["$TMP/bin/svc", "stop", "analytics"] },
    "resume": { "ar-overlay": ["$TMP/bin/svc", "start", "ar-overlay"], "analytics": ["$TMP/bin/svc", "start", "analytics"] } } }
}
JSON
export EVT_CONFIG=$TMP/event.json
BUDGET=$EVT_BIN_DIR/evt-budget
printf '{"kind":"usage","v":1,"ts":"2026-12-05T10:00:00.000Z","id":"u1","component":"checkout","resource":"edge.exec","qty":20000000}\n' |
  "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
budget_dump() { sqlite3 "$EVT_STATE_DIR/budget.db" 'SELECT * FROM governor; SELECT COUNT(*) FROM usage;'; }
before=$(budget_dump)

run "$RUNBOOK" run shed-non-essential --dry-run --var at=2026-12-05T11:00:00Z
expect_rc "dry run" 3
[[ $(budget_dump) == "$before" ]] || fail "the dry run changed the budget state"
[[ ! -s $SVC_LOG && ! -s $PAGER_LOG ]] || fail "the dry run ran commands: $(cat "$SVC_LOG" "$PAGER_LOG")"
grep -q "would run.*svc stop analytics\|svc stop analytics" "$TMP/err" || fail "the dry run does not show the plan: $(cat "$TMP/err")"

run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:00:00Z
expect_rc "shed" 0
validate "$TMP/out"
[[ $(sort "$SVC_LOG" | tr '\n' ';') == "stop analytics;stop ar-overlay;" ]] || fail "shed ran: $(cat "$SVC_LOG")"
grep -q "no command to pause stream" "$TMP/err" || fail "a component without a command is not reported: $(cat "$TMP/err")"
grep -q "budget level 2: paused analytics, ar-overlay" "$PAGER_LOG" || fail "on-call was not told: $(cat "$PAGER_LOG")"

: >"$SVC_LOG"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:01:00Z
expect_rc "keep" 0
[[ ! -s $SVC_LOG ]] || fail "a keep decision ran commands: $(cat "$SVC_LOG")"

# Hours later nothing more was spent: the governor restores one tier at a
# time, degraded first, then non-essential, whose components start again.
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T20:00:00Z
expect_rc "restore degraded" 0
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T20:10:00Z
expect_rc "restore non-essential" 0
[[ $(sort "$SVC_LOG" | tr '\n' ';') == "start analytics;start ar-overlay;" ]] || fail "restore ran: $(cat "$SVC_LOG")"

# Every run, the dry one too, is in the audit trail.
run "$RUNBOOK" history --json --runbook shed-non-essential
[[ $(jq -s 'length' "$TMP/out") == 5 ]] || fail "audit: $(cat "$TMP/out")"
exit 0
