# Shared by evt's CLI tests (sourced after ../lib.sh): a site with failover
# paths and a budget in $TMP, its state root, and the binaries.
EVT="$EVT_BIN_DIR/evt"
FAILOVER="$EVT_BIN_DIR/evt-failover"
BUDGET="$EVT_BIN_DIR/evt-budget"
STREAM="python3 $(dirname "${BASH_SOURCE[0]}")/../failover/probe_stream.py"
export EVT_STATE_DIR="$TMP/state"
export EVT_CONFIG="$TMP/event.json"
unset TZ

# write_site: today's event, two paths fed by probe records, a money budget.
write_site() {
  local today
  today=$(date -u +%Y-%m-%d)
  cat >"$EVT_CONFIG" <<JSON
{"site": {"name": "front", "starts_at": "${today}T00:00:00Z", "ends_at": "${today}T23:59:00Z"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2},
                        {"name": "slice-5g", "targets": ["slice"]},
                        {"name": "local", "always_up": true}]},
 "budget": {"rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
            "components": {"checkout": "critical"},
            "budgets": [{"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR",
                         "thresholds": [0.5, 0.8, 1.0]}]}}
JSON
}

# decide START_S UPLINK [SLICE]: evt-failover decide on a probe stream in
# which each target answers where its pattern has 1 (rounds of 500 ms from
# START_S; the slice answers throughout unless told).
decide() {
  $STREAM "$1" 500 uplink="$2" slice="${3:-1}" | "$FAILOVER" decide >/dev/null 2>"$TMP/decide.err" ||
    fail "decide: $(cat "$TMP/decide.err")"
}

# spend QTY: edge executions of the checkout now, into the ledger.
spend() {
  printf '{"kind":"usage","v":1,"ts":"%s","id":"u%s","component":"checkout","resource":"edge.exec","qty":%s}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" "$RANDOM$RANDOM" "$1" | "$BUDGET" ingest - >/dev/null 2>"$TMP/ingest.err" ||
    fail "ingest: $(cat "$TMP/ingest.err")"
}

# validate FILE: every record in FILE follows its schema.
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >"$TMP/validate.out" 2>&1 || fail "records in $1 do not follow their schemas: $(cat "$TMP/validate.out")"
}

# widest FILE: the widest line of FILE in characters (the screens' block
# characters are one column each, and several bytes).
widest() {
  python3 -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"
}
