#!/usr/bin/env bash
# The shipped reduced-quality and notify-oncall runbooks: auto mode follows
# the budget governor (reduced once the degraded tier is shed), on/off run
# the configured commands, dry runs run nothing, and notify-oncall goes
# through runbook.notify once per key.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

printf '#!/bin/sh\necho "$*" >>"$SVC_LOG"\n' >"$TMP/bin/svc"
printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/svc" "$TMP/bin/pager"
export SVC_LOG=$TMP/svc.log PAGER_LOG=$TMP/pager.log
: >"$SVC_LOG"
: >"$PAGER_LOG"
# The event is on now: the runbook asks the governor about the present.
starts=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
ends=$(date -u -d '+10 hours' +%Y-%m-%dT%H:%M:%SZ)
cat >"$TMP/event.json" <<JSON
{
  "site": { "name": "test", "starts_at": "$starts", "ends_at": "$ends" },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "budgets": [ { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "thresholds": [0.5, 0.8, 1.0] } ]
  },
  "runbook": { "allow_exec": ["$TMP/bin/svc"], "notify": { "command": ["$TMP/bin/pager"], "dedup_window": "1h" } },
  "runbooks": { "reduced-quality": { "on": ["$TMP/bin/svc", "start", "encoder-low"], "off": ["$TMP/bin/svc", "start", "encoder-high"] } }
}
JSON
export EVT_CONFIG=$TMP/event.json

# Nothing spent: auto keeps full quality.
run "$RUNBOOK" run reduced-quality
expect_rc "auto, within budget" 0
[[ $(cat "$SVC_LOG") == "start encoder-high" ]] || fail "auto within budget ran: $(cat "$SVC_LOG")"

# Overspent: the governor sheds down to the degraded tier, and auto reduces.
printf '{"kind":"usage","v":1,"ts":"%s","id":"u1","component":"checkout","resource":"edge.exec","qty":90000000}\n' \
  "$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%S.000Z)" | "$EVT_BIN_DIR/evt-budget" ingest - >/dev/null 2>"$TMP/ingest.err" ||
  fail "ingest: $(cat "$TMP/ingest.err")"
"$EVT_BIN_DIR/evt-budget" check >/dev/null 2>&1 || true
: >"$SVC_LOG"
run "$RUNBOOK" run reduced-quality --dry-run
expect_rc "auto, dry run" 3
[[ ! -s $SVC_LOG ]] || fail "the dry run ran: $(cat "$SVC_LOG")"
run "$RUNBOOK" run reduced-quality
expect_rc "auto, over budget" 0
[[ $(cat "$SVC_LOG") == "start encoder-low" ]] || fail "auto over budget ran: $(cat "$SVC_LOG"); $(cat "$TMP/err")"

run "$RUNBOOK" run reduced-quality --var mode=sideways
expect_rc "bad mode" 1
grep -q 'mode: expected on, off or auto, got "sideways"' "$TMP/err" || fail "bad mode: $(cat "$TMP/err")"

run "$RUNBOOK" run notify-oncall --dry-run --var "message=uplink down" --var severity=critical
[[ ! -s $PAGER_LOG ]] || fail "the dry run paged: $(cat "$PAGER_LOG")"
grep -q "uplink down" "$TMP/err" || fail "the dry run does not show the message: $(cat "$TMP/err")"
run "$RUNBOOK" run notify-oncall --var "message=uplink down" --var severity=critical
expect_rc "notify" 0
run "$RUNBOOK" run notify-oncall --var "message=uplink down" --var severity=critical
expect_rc "notify again" 0
[[ $(grep -c "uplink down" "$PAGER_LOG") == 1 ]] || fail "notify-oncall: expected one page: $(cat "$PAGER_LOG")"
run "$RUNBOOK" run notify-oncall --var "message=x" --var severity=loud
expect_rc "bad severity" 1
exit 0
