# Shared by the deliver_*.sh tests: evt-outbox, a kiosk's config with one
# critical queue delivered to the shop's order API (order_api.py, started
# on loopback by start_api), and the counts the API keeps.
OUTBOX=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-outbox
API_PY="/usr/bin/python3 $(dirname "${BASH_SOURCE[0]}")/order_api.py"
unset EVT_CONFIG
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home EVT_STATE_DIR=$TMP/state
mkdir -p "$TMP/state"

# A test's randomness: printed, and replayed from EVT_TEST_SEED.
SEED=${EVT_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "$TEST_NAME: EVT_TEST_SEED=$SEED" >&2
RANDOM=$SEED

# start_api [ARGS]: the order API with the token in $TMP/shop.token; sets API.
start_api() {
  umask 077
  printf 'shop-secret-%s\n' "$SEED" >"$TMP/shop.token"
  rm -f "$TMP/api.port"
  $API_PY --token-file "$TMP/shop.token" --port-file "$TMP/api.port" "$@" 2>"$TMP/api.err" &
  started $!
  API=http://127.0.0.1:$(wait_port_file "$TMP/api.port")
}

# write_config [DESTINATION_EXTRA]: the kiosk's config; the JSON text given
# is added to the shop destination's object (",\"when\": {...}"). RATE,
# RAMP_START and RAMP_EVERY set the rate cap and the ramp; SECTIONS is
# added after site (other tools' sections, each followed by a comma).
write_config() {
  cat >"$TMP/event.json" <<JSON
{"site": {"name": "outbox-deliver-test"}, ${SECTIONS:-}
 "outbox": {"kiosk": "kiosk-a",
            "queues": {"orders": {"class": "critical", "bound_bytes": 1048576, "destinations": ["shop"]}},
            "destinations": {"shop": {"type": "http", "url": "$API/api/orders", "token": {"file": "shop.token"},
                                      "idempotency": true, "rate_per_s": ${RATE:-200}, "timeout": "5s",
                                      "ramp": {"start": ${RAMP_START:-0.5}, "every": "${RAMP_EVERY:-500ms}", "max_error_ratio": 0.2},
                                      "retry": {"initial": "50ms", "max": "400ms"}${1:-}}}}}
JSON
  CONFIG=$TMP/event.json
}

# put_orders N [PREFIX]: N order records into the orders queue.
put_orders() {
  local n=$1 prefix=${2:-o} i
  for ((i = 1; i <= n; i++)); do
    printf '{"kind":"order","v":1,"ts":"2026-12-06T12:00:00.000Z","id":"%s-%d","kiosk":"kiosk-a","total":%d,"currency":"EUR"}\n' \
      "$prefix" "$i" "$((i * 100))"
  done >"$TMP/orders.jsonl"
  run "$OUTBOX" --config "$CONFIG" put orders "$TMP/orders.jsonl"
  expect_rc "put $n orders" 0
}

# control JSON: tells the API how to answer the next orders.
control() { curl -sf -X POST "$API/_control" -d "$1" >/dev/null || fail "API control $1 failed"; }

# stats: the API's counts, as JSON.
stats() { curl -sf "$API/stats"; }

# expect_each_committed_once N PREFIX: the API committed N keys PREFIX-1..N, each once.
expect_each_committed_once() {
  local n=$1 prefix=$2 s
  s=$(stats)
  local committed once
  committed=$(jq --arg p "$prefix-" '[.keys | to_entries[] | select(.key | startswith($p)) | select(.value.commits >= 1)] | length' <<<"$s")
  once=$(jq '[.keys[] | select(.commits > 1)] | length' <<<"$s")
  [[ $committed -eq $n ]] || fail "the API committed $committed of $n orders: $s"
  [[ $once -eq 0 ]] || fail "a key was committed more than once: $s"
}

# pending_count: the orders still pending at the shop, by evt-outbox list.
pending_count() {
  "$OUTBOX" --config "$CONFIG" list --state pending --json | jq -s 'length'
}

expect_valid() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$2" >"$TMP/validate.out" 2>&1 || fail "$1: records do not follow their schema: $(cat "$TMP/validate.out")"
}
