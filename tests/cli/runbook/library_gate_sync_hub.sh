#!/usr/bin/env bash
# The shipped gate-sync runbook with site.hub set (doc/design.md §18): it
# syncs through the PostgreSQL hub (`evt-token scans sync`) instead of the
# pairwise transport, which it does not need. This gate and gate-b admit one
# ticket each before any sync; gate-b syncs on its own; gate-sync here then
# brings the double admission to this gate, reports and pages it, and
# gate-b sees it at its next sync. A dry run changes nothing at the hub.
# With the hub down the run fails (exit 1), says so and pages, and this gate
# still admits tickets. (The pairwise branch: library_gate_sync.sh.)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/../hub/pg_cluster.bash"

TOKEN=$EVT_BIN_DIR/evt-token
pg_cluster_start
site=test
"$TOKEN" hub migrate --hub "$(pg_owner_conninfo)" >/dev/null 2>"$TMP/err" ||
  fail "hub migrate: $(cat "$TMP/err")"
pg_site_role gates "gates-pw-$$"
"$TOKEN" hub grant "$site" gates --hub "$(pg_owner_conninfo)" >/dev/null
export PGPASSFILE=$PG_PASSFILE

printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/pager"
export PAGER_LOG=$TMP/pager.log
: >"$PAGER_LOG"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "$site", "hub": "$(pg_conninfo gates)"},
 "runbook": {"notify": {"command": ["$TMP/bin/pager"]}}}
JSON
export EVT_CONFIG=$TMP/event.json
mkdir -p "$TMP/issuer" "$TMP/gate-b"
chmod 700 "$TMP/issuer" "$TMP/gate-b"
gate_b() { "$TOKEN" --state-dir "$TMP/gate-b" "$@"; }

"$TOKEN" --state-dir "$TMP/issuer" keys new >/dev/null
"$TOKEN" --state-dir "$TMP/issuer" jwks >"$TMP/jwks.json"
sign() { "$TOKEN" --state-dir "$TMP/issuer" sign --claims "{\"sub\":\"$1\"}" --ttl 1h; }
t1=$(sign t1) t2=$(sign t2) t3=$(sign t3)
"$TOKEN" scan --gate gate-a --jwks "$TMP/jwks.json" "$t1" >/dev/null 2>&1 || fail "t1 here"
gate_b scan --gate gate-b --jwks "$TMP/jwks.json" "$t1" >/dev/null 2>&1 || fail "t1 at gate-b (the offline race)"
gate_b scan --gate gate-b --jwks "$TMP/jwks.json" "$t2" >/dev/null 2>&1 || fail "t2 at gate-b"
gate_b scans sync >/dev/null 2>"$TMP/err" || fail "gate-b's own sync: $(cat "$TMP/err")"
hub_rows() { pg_psql "SELECT count(*) FROM evt_hub.elements WHERE site = '$site'"; }
[[ $(hub_rows) -eq 2 ]] || fail "the hub holds $(hub_rows) elements after gate-b's sync, expected 2"

run "$RUNBOOK" run gate-sync --dry-run
expect_rc "dry run" 3
[[ $(hub_rows) -eq 2 ]] || fail "the dry run pushed to the hub"
grep -q 'scans sync' "$TMP/out" "$TMP/err" || fail "the dry run does not show the hub sync: $(cat "$TMP/out" "$TMP/err")"

run "$RUNBOOK" run gate-sync
expect_rc "sync through the hub" 0
validate "$TMP/out"
[[ $(hub_rows) -eq 3 ]] || fail "the hub holds $(hub_rows) elements after gate-sync, expected 3"
grep -q '"step":"hub: evt-token scans sync","outcome":"ok"' "$TMP/out" || fail "no hub step: $(cat "$TMP/out")"
! grep -q '"step":"pull from' "$TMP/out" || fail "the pairwise exchange ran with site.hub set"
grep -q "1 ticket(s) admitted at two gates before they synced" "$PAGER_LOG" || fail "not paged: $(cat "$PAGER_LOG")"
! "$TOKEN" scan --gate gate-a --jwks "$TMP/jwks.json" "$t2" >/dev/null 2>&1 || fail "t2 (gate-b's) admitted here after the sync"
gate_b scans sync >/dev/null 2>&1 || fail "gate-b's second sync"
gate_b scans report --json 2>/dev/null | grep -q '"kind":"double_admission"' || fail "gate-b does not see the double admission"

# The hub down: the run fails and pages; admitting does not depend on the hub.
pg_cluster_stop
: >"$PAGER_LOG"
run "$RUNBOOK" run gate-sync
expect_rc "the hub down" 1
grep -q "could not reach the hub (evt-token scans sync)" "$TMP/err" || fail "hub down: $(cat "$TMP/err")"
grep -q "could not reach the hub" "$PAGER_LOG" || fail "hub down not paged: $(cat "$PAGER_LOG")"
"$TOKEN" scan --gate gate-a --jwks "$TMP/jwks.json" "$t3" >/dev/null 2>&1 || fail "t3 refused with the hub down"
exit 0
