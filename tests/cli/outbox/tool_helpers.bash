# Sourced by evt-outbox's put/status/bad-input tests after ../lib.sh: the
# binary, a kiosk's config in $TMP and a state dir of its own, and the
# checks they share.
OUTBOX=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-outbox
SCHEMA=${EVT_SCHEMA:-$EVT_BIN_DIR/evt-schema}
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home EVT_STATE_DIR=$TMP/state

# write_config FILE KIOSK [ORDERS_BOUND [TELEMETRY_BOUND]]: a kiosk with a
# critical orders queue delivering to a (never reached) shop and a
# non-essential telemetry queue without destinations.
write_config() {
  cat >"$1" <<JSON
{"site": {"name": "outbox-test"},
 "outbox": {"kiosk": "$2", "bound_bytes": 67108864,
   "queues": {"orders": {"class": "critical", "bound_bytes": ${3:-65536}, "destinations": ["shop"]},
              "telemetry": {"class": "non-essential", "bound_bytes": ${4:-65536}}},
   "destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:9/api/orders"}}}}
JSON
}
CONFIG=$TMP/event.json
write_config "$CONFIG" kiosk-a
export EVT_CONFIG=$CONFIG

# orders FIRST LAST [TOTAL]: order records with ids o<FIRST>..o<LAST>.
orders() {
  local i
  for ((i = $1; i <= $2; i++)); do
    printf '{"kind":"order","v":1,"ts":"2026-12-06T14:00:00.000Z","id":"o%d","total":%d,"currency":"EUR"}\n' "$i" "${3:-2500}"
  done
}

# expect_valid WHAT FILE: every line of FILE follows its kind's schema.
expect_valid() {
  "$SCHEMA" validate "$2" >"$TMP/validate.out" 2>&1 || fail "$1: records do not follow their schema: $(cat "$TMP/validate.out")"
}

# held_ids [STATE_DIR]: the ids the store holds, sorted, one per line.
held_ids() {
  EVT_STATE_DIR=${1:-$EVT_STATE_DIR} "$OUTBOX" list --json | jq -r .id | sort
}

# count KIND FIELD FILE: the sum of FIELD over the KIND records of FILE.
count() { jq -s --arg k "$1" "map(select(.kind == \$k) | .$2) | add // 0" "$3"; }
