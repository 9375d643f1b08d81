#!/usr/bin/env bash
# Standard input has one name in messages: `<stdin>`, as in
# "<stdin>:1: ...", whichever tool read it (never "-:1" or "stdin:1").
source "$(dirname "$0")/lib.sh"
bin=${EVT_BIN_DIR:?}
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/state
mkdir -p "$TMP/state"
chmod 700 "$TMP/state"

cat >"$TMP/event.json" <<'JSON'
{"site": {"name": "t", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2099-12-05T22:00:00Z"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"]}, {"name": "local", "always_up": true}]},
 "token": {"code": {"secret": {"env": "CODE_SECRET"}}},
 "budget": {"budgets": [{"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR"}]}}
JSON
export EVT_CONFIG=$TMP/event.json CODE_SECRET=abcdefghijklmnopqrstuvwxyz123456

# named TOOL-ARGS... : runs the command on a bad first line from stdin and
# checks its message names `<stdin>:1`.
named() {
  run "$@" <"$TMP/in"
  [[ $RC -ne 0 ]] || fail "$*: a bad line passed"
  grep -q '<stdin>:1: ' "$TMP/err" || fail "$*: stdin is not named <stdin>: $(cat "$TMP/err")"
  ! grep -qE '(^|[ :])(-|stdin):1: ' "$TMP/err" || fail "$*: another spelling: $(cat "$TMP/err")"
}

echo '{"kind":"probe","v":1,"ts":"2026-12-05T10:00:00.000Z","target":"uplink","total_ms":1}' >"$TMP/in"
named "$bin/evt-failover" decide
head -c 20000 /dev/zero | tr '\0' a >"$TMP/in"
echo >>"$TMP/in"
named "$bin/evt-token" code
echo '{"kind":"scan.event","v":1}' >"$TMP/in"
named "$bin/evt-token" scans merge
named "$bin/evt-token" scans merge -
echo 'not json' >"$TMP/in"
named "$bin/evt-budget" ingest -
exit 0
