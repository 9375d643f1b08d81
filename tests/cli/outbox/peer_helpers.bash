# Shared by the peer_*.sh tests: kiosks with their own config and state
# dir, each with `evt-outbox serve` on a loopback port, replicating with
# the mesh token in $TMP/mesh.token; the shop is order_api.py (the http
# helper's test API), which the tests can take down and bring back.
OUTBOX=${EVT_BIN_DIR:?set EVT_BIN_DIR}/evt-outbox
API_PY="/usr/bin/python3 $(dirname "${BASH_SOURCE[0]}")/order_api.py"
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home

# A test's randomness: printed, and replayed from EVT_TEST_SEED.
SEED=${EVT_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "$TEST_NAME: EVT_TEST_SEED=$SEED" >&2
RANDOM=$SEED

umask 077
printf 'mesh-%s\n' "$SEED" >"$TMP/mesh.token"
printf 'shop-%s\n' "$SEED" >"$TMP/shop.token"
API=http://127.0.0.1:9  # until start_api

# start_api: the shop's order API; sets API.
start_api() {
  rm -f "$TMP/api.port"
  $API_PY --token-file "$TMP/shop.token" --port-file "$TMP/api.port" 2>"$TMP/api.err" &
  started $!
  API=http://127.0.0.1:$(wait_port_file "$TMP/api.port")
}
control() { curl -sf -X POST "$API/_control" -d "$1" >/dev/null || fail "API control $1 failed"; }
stats() { curl -sf "$API/stats"; }

declare -A PORT
# kiosk_config NAME OTHER [PEER_TOKEN_FILE [SERVE_EXTRA]]: $TMP/NAME/event.json,
# serving on PORT[NAME] and peering with OTHER on PORT[OTHER]. SERVE_EXTRA
# is the rest of the serve object (default: the mesh token).
kiosk_config() {
  local name=$1 other=$2 peer_token=${3:-../mesh.token}
  local serve_extra=${4-', "token": {"file": "../mesh.token"}'}
  mkdir -p "$TMP/$name/state"
  cat >"$TMP/$name/event.json" <<JSON
{"site": {"name": "outbox-peer-test"},
 "outbox": {"kiosk": "$name",
            "queues": {"orders": {"class": "critical", "bound_bytes": 1048576, "destinations": ["shop"]}},
            "destinations": {"shop": {"type": "http", "url": "$API/api/orders", "token": {"file": "../shop.token"},
                                      "idempotency": true, "rate_per_s": 500, "timeout": "5s",
                                      "ramp": {"start": 1, "every": "100ms", "max_error_ratio": 0.5},
                                      "retry": {"initial": "50ms", "max": "200ms"}}},
            "peers": {"$other": {"url": "http://127.0.0.1:${PORT[$other]}", "token": {"file": "$peer_token"}}},
            "serve": {"listen": "127.0.0.1:${PORT[$name]}"$serve_extra}}}
JSON
}

# on NAME ARGS...: evt-outbox as kiosk NAME.
on() {
  local name=$1
  shift
  "$OUTBOX" --config "$TMP/$name/event.json" --state-dir "$TMP/$name/state" "$@"
}

# in_background OUT ERR NAME ARGS...: evt-outbox as kiosk NAME in the
# background, stdout to OUT and stderr to ERR; sets BG_PID. The binary
# itself is the background job (`on ... &` would be a subshell around it,
# which a kill would not reach), and cleanup kills it.
in_background() {
  local out=$1 err=$2 name=$3
  shift 3
  "$OUTBOX" --config "$TMP/$name/event.json" --state-dir "$TMP/$name/state" "$@" >"$out" 2>"$err" &
  BG_PID=$!
  started "$BG_PID"
}

# serve NAME: starts NAME's serve; sets SERVE_PID[NAME].
declare -A SERVE_PID
serve() {
  in_background /dev/null "$TMP/$1/serve.err" "$1" serve
  SERVE_PID[$1]=$BG_PID
  wait_listening "${PORT[$1]}"
}

# kill_serve NAME: kill -9, quietly (no "Killed" from bash).
kill_serve() {
  kill -KILL "${SERVE_PID[$1]}"
  wait "${SERVE_PID[$1]}" 2>/dev/null || true
}

# put_orders NAME N: N orders NAME-1..N into NAME's orders queue.
put_orders() {
  local name=$1 n=$2 i
  for ((i = 1; i <= n; i++)); do
    printf '{"kind":"order","v":1,"ts":"2026-12-06T12:00:00.000Z","id":"%s-%d","kiosk":"%s","total":%d,"currency":"EUR"}\n' \
      "$name" "$i" "$name" "$((i * 100))"
  done >"$TMP/$name/orders.jsonl"
  run on "$name" put orders "$TMP/$name/orders.jsonl"
  expect_rc "$name: put $n orders" 0
}

# ids NAME: the order ids NAME's outbox holds, sorted, one a line.
ids() {
  on "$1" export | jq -r 'select(.kind == "outbox.element") | .id' | sort
}

expect_valid() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$2" >"$TMP/validate.out" 2>&1 || fail "$1: records do not follow their schema: $(cat "$TMP/validate.out")"
}
