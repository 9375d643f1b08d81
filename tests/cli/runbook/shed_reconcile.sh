#!/usr/bin/env bash
# shed-non-essential as shipped: the timer's `evt-budget check` records the
# new level first, and the runbook that runs after it must still pause what
# the level sheds. It asks each component through its
# `status` command and re-applies until they match: a service started again
# is stopped again, a run with nothing to do runs no command, the site hold
# and a component's own hold leave it alone, and a stop that does not take
# fails the run and tells on-call.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

# A service manager: a service runs while its file exists. `stuck` makes a
# stop exit 0 and leave the service running.
mkdir -p "$TMP/svc"
cat >"$TMP/bin/svc" <<'SH'
#!/bin/sh
case $1 in
  status) [ -e "$SVC_DIR/$2" ] && exit 0; exit 3 ;;
  start) echo "start $2" >>"$SVC_LOG"; touch "$SVC_DIR/$2" ;;
  stop) echo "stop $2" >>"$SVC_LOG"; [ -e "$SVC_DIR/stuck" ] || rm -f "$SVC_DIR/$2" ;;
esac
SH
chmod +x "$TMP/bin/svc"
cat >"$TMP/bin/pager" <<'SH'
#!/bin/sh
cat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"
SH
chmod +x "$TMP/bin/pager"
export SVC_DIR=$TMP/svc SVC_LOG=$TMP/svc.log PAGER_LOG=$TMP/pager.log
: >"$SVC_LOG"
: >"$PAGER_LOG"
touch "$SVC_DIR/analytics" "$SVC_DIR/ar-overlay"

write_config() {  # HOLD_JSON
  cat >"$TMP/event.json" <<JSON
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z" },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical",
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "5m",
    "budgets": [ { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "thresholds": [0.5, 0.8, 1.0] } ]
  },
  "runbook": { "allow_exec": ["$TMP/bin/svc"], "notify": { "command": ["$TMP/bin/pager"] } },
  "runbooks": { "shed-non-essential": {
    "status": { "ar-overlay": ["$TMP/bin/svc", "status", "ar-overlay"], "analytics": ["$TMP/bin/svc", "status", "analytics"] },
    "pause": { "ar-overlay": ["$TMP/bin/svc", "stop", "ar-overlay"], "analytics": ["$TMP/bin/svc", "stop", "analytics"] },
    "resume": { "ar-overlay": ["$TMP/bin/svc", "start", "ar-overlay"], "analytics": ["$TMP/bin/svc", "start", "analytics"] }
    $1 } }
}
JSON
}
write_config ""
export EVT_CONFIG=$TMP/event.json
BUDGET=$EVT_BIN_DIR/evt-budget
printf '{"kind":"usage","v":1,"ts":"2026-12-05T10:00:00.000Z","id":"u1","component":"checkout","resource":"edge.exec","qty":20000000}\n' |
  "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"
running() { (cd "$SVC_DIR" && ls | grep -v stuck | sort | tr '\n' ' '); }

# The shipped timer: evt-budget check first, which records the shed.
run "$BUDGET" check --json --at 2026-12-05T11:00:00Z
jq -e 'select(.kind == "decision") | .action == "shed"' "$TMP/out" >/dev/null || fail "check did not shed: $(cat "$TMP/out")"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:00:30Z
expect_rc "the run after the timer's check" 0
[[ $(running) == "" ]] || fail "after the timer's check the runbook paused nothing; running: $(running); svc: $(cat "$SVC_LOG")"
grep -q "budget level [12]: paused analytics, ar-overlay" "$PAGER_LOG" || fail "on-call was not told: $(cat "$PAGER_LOG")"

# Nothing to do: no command runs, nobody is paged again.
: >"$SVC_LOG"
: >"$PAGER_LOG"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:01:00Z
expect_rc "a run with nothing to do" 0
[[ ! -s $SVC_LOG && ! -s $PAGER_LOG ]] || fail "a run with nothing to do acted: $(cat "$SVC_LOG" "$PAGER_LOG")"

# A service that came back is paused again.
touch "$SVC_DIR/analytics"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:02:00Z
expect_rc "re-apply" 0
[[ $(cat "$SVC_LOG") == "stop analytics" && $(running) == "" ]] || fail "re-apply: $(cat "$SVC_LOG"); running: $(running)"

# The site hold: on-call started ar-overlay by hand and holds the site.
: >"$SVC_LOG"
touch "$SVC_DIR/ar-overlay"
run "$BUDGET" state hold --for 10m --reason "ar-overlay for the sponsor"
expect_rc "state hold" 0
run "$RUNBOOK" -v run shed-non-essential --var at=2026-12-05T11:03:00Z
expect_rc "under the site hold" 0
[[ ! -s $SVC_LOG && $(running) == "ar-overlay " ]] || fail "the site hold was not honoured: $(cat "$SVC_LOG"); running: $(running)"
grep -q "held until.*ar-overlay for the sponsor" "$TMP/err" || fail "the hold is not named: $(cat "$TMP/err")"
run "$BUDGET" state release
expect_rc "state release" 0

# A component's own hold: the others are still reconciled.
write_config ', "hold": { "ar-overlay": "2999-01-01T00:00:00Z" }'
touch "$SVC_DIR/analytics"
run "$RUNBOOK" -v run shed-non-essential --var at=2026-12-05T11:04:00Z
expect_rc "a component held" 0
[[ $(cat "$SVC_LOG") == "stop analytics" && $(running) == "ar-overlay " ]] ||
  fail "the component hold: $(cat "$SVC_LOG"); running: $(running)"
grep -q "ar-overlay: held until 2999-01-01T00:00:00Z" "$TMP/err" || fail "the component hold is not said: $(cat "$TMP/err")"
write_config ""

# A stop that exits 0 but leaves the service running fails the run.
: >"$PAGER_LOG"
touch "$SVC_DIR/stuck"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:05:00Z
expect_rc "a stop that does not take" 1
grep -q "ar-overlay still runs" "$TMP/err" || fail "the stuck stop is not named: $(cat "$TMP/err")"
grep -q "could not set ar-overlay" "$PAGER_LOG" || fail "on-call was not told of the stuck stop: $(cat "$PAGER_LOG")"
rm -f "$SVC_DIR/stuck"

# A misspelt key is an error, not a reconcile silently off.
sed -i 's/"status": {/"staus": {/' "$TMP/event.json"
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T11:06:00Z
expect_rc "an unknown setting" 1
grep -q "runbooks.shed-non-essential.staus: unknown setting" "$TMP/err" || fail "unknown key: $(cat "$TMP/err")"
write_config ""

# Hours later the governor restores: both start again, and stay started.
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T20:00:00Z
expect_rc "restore" 0
run "$RUNBOOK" run shed-non-essential --var at=2026-12-05T20:10:00Z
expect_rc "restore, the next level" 0
[[ $(running) == "analytics ar-overlay " ]] || fail "restore: running: $(running); $(cat "$TMP/err")"
validate "$TMP/out"
exit 0
