#!/usr/bin/env bash
# The shipped failover-to-local runbook against a running `evt-failover
# watch` over two nginx on loopback: a dry run leaves traffic where it is;
# a run forces the local path, sees it active, checks order capture answers
# there and pages on-call; action=release hands control back to the rules.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/../failover/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

P1=$(free_port)
P2=$(free_port)
start_nginx primary "$P1"
start_nginx local "$P2"
printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/pager"
export PAGER_LOG=$TMP/pager.log
: >"$PAGER_LOG"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "probe": {"targets": {
   "uplink": {"check": "http", "url": "http://127.0.0.1:$P1/ok", "interval": "300ms", "timeout": "1s"},
   "orders": {"check": "http", "url": "http://127.0.0.1:$P2/ok", "interval": "300ms", "timeout": "1s"}}},
 "failover": {"fast_interval": "200ms", "failback_after": "1s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2},
   {"name": "local", "always_up": true}]},
 "runbook": {"notify": {"command": ["$TMP/bin/pager"]}},
 "runbooks": {"failover-to-local": {"path": "local", "verify": "orders", "for": "10m"}}}
JSON
export EVT_CONFIG=$TMP/event.json
"$EVT_BIN_DIR/evt-failover" watch >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
started $!
active() { "$EVT_BIN_DIR/evt-failover" status --json 2>/dev/null | jq -r 'select(.active) | .path'; }
wait_active() {
  local i
  for ((i = 0; i < 100; i++)); do [[ $(active) == "$1" ]] && return 0; sleep 0.1; done
  fail "$2: the active path is $(active), not $1: $(cat "$TMP/watch.jsonl" "$TMP/watch.err")"
}
wait_active primary "start"

run "$RUNBOOK" run failover-to-local --dry-run
expect_rc "dry run" 3
sleep 1.5
[[ $(active) == primary ]] || fail "the dry run moved traffic to $(active)"

run "$RUNBOOK" run failover-to-local
expect_rc "force local" 0
validate "$TMP/out"
[[ $(active) == local ]] || fail "local is not active after the run"
jq -se 'map(select(.kind == "step" and (.step | startswith("order capture answers")))) | .[0].outcome == "ok"' "$TMP/out" >/dev/null ||
  fail "order capture not checked: $(cat "$TMP/out")"
grep -q "traffic forced to local" "$PAGER_LOG" || fail "on-call not told: $(cat "$PAGER_LOG")"

run "$RUNBOOK" run failover-to-local --var action=release
expect_rc "release" 0
wait_active primary "after release"
exit 0
