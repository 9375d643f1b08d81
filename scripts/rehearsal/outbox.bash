# Sourced by scripts/rehearsal.sh: act 9, "outbox": orders taken while the
# shop is out of reach reach it exactly once. Two kiosks, each its own
# state dir, config and `evt-outbox serve`, sell into their outbox (evt-price
# quote | redeem --order | evt-outbox put orders) while the shop's uplink is
# down, replicate to each other (evt-outbox sync), and kiosk A is killed for
# good; when the uplink returns, kiosk B's `evt-outbox run` delivers A's
# orders and its own. The shop is tests/cli/outbox/order_api.py (it enforces
# the token and the Idempotency-Key, and counts commits per key at /stats)
# behind an nginx that stands for the uplink: killed, the link is down
# (connection refused); started again, it is back. The row: orders taken,
# commits at the shop, keys committed more than once, orders lost.

OUTBOX_PER_KIOSK=12 # orders each kiosk takes during the outage
OUTBOX_RUN_SECONDS=4 # B's drain: passes of `evt-outbox run` until nothing is pending

# outbox_kiosk NAME PORT PEER PEER_PORT: the kiosk's dir ($T/kiosks/NAME:
# state, config, secrets, 0700) and its `outbox` section.
outbox_kiosk() {
  local d=$T/kiosks/$1
  mkdir -p "$d"
  chmod 700 "$d"
  (umask 077; echo "rehearsal-mesh-token" >"$d/mesh.token"; echo "shop-key-rehearsal" >"$d/shop.token")
  cat >"$d/event.json" <<JSON
{"site": {"name": "rehearsal-$1"},
 "outbox": {
  "kiosk": "$1",
  "bound_bytes": 67108864,
  "queues": {"orders": {"class": "critical", "bound_bytes": 33554432, "destinations": ["shop"]}},
  "destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:$PORT_shop_link/orders",
                            "token": {"file": "shop.token"}, "idempotency": true, "rate_per_s": 100,
                            "ramp": {"start": 0.25, "every": "300ms", "max_error_ratio": 0.2},
                            "retry": {"initial": "100ms", "max": "500ms"}}},
  "peers": {"$3": {"url": "http://127.0.0.1:$4", "token": {"file": "mesh.token"}}},
  "serve": {"listen": "127.0.0.1:$2", "token": {"file": "mesh.token"}},
  "takeover_after": "2m"
}}
JSON
}

# kiosk NAME CMD...: CMD with the kiosk's config and state.
kiosk() { local d=$T/kiosks/$1; shift; EVT_CONFIG=$d/event.json EVT_STATE_DIR=$d "$@"; }

# The uplink to the shop: an nginx in front of the order API.
outbox_link_up() {
  nginx_conf shop-link "server { listen 127.0.0.1:$PORT_shop_link;
    location = /ok { default_type text/plain; return 200 'shop link\n'; }
    location / { proxy_pass http://127.0.0.1:$PORT_shop_api; } }"
  start_nginx_named shop-link "http://127.0.0.1:$PORT_shop_link/ok"
}
outbox_link_down() { kill -KILL "$SPAWNED_nginx_shop_link"; }

# outbox_carts KIOSK N: N carts with ids KIOSK-001..., a tee and a mug each.
outbox_carts() {
  local i
  for ((i = 1; i <= $2; i++)); do
    printf '{"id":"%s-%03d","customer":"fan-%d","lines":[{"sku":"TEE-BLK-M","qty":1},{"sku":"MUG","qty":%d}]}\n' \
      "$1" "$i" "$i" $((1 + i % 3))
  done
}

# outbox_sell KIOSK: the kiosk takes its orders, the till paying each:
# quote | (the payment) | redeem --order | put. Exit status: the pipe's.
outbox_sell() {
  local ex=$ROOT/examples/price
  outbox_carts "$1" "$OUTBOX_PER_KIOSK" |
    kiosk "$1" evt-price quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" 2>>"$T/logs/outbox-$1-sell.err" |
    jq -c '.payment = {"state": "paid", "ref": ("pos-" + .cart)}' |
    kiosk "$1" evt-price redeem --order --kiosk "$1" --promotions "$ex/promotions.json" 2>>"$T/logs/outbox-$1-sell.err" |
    kiosk "$1" evt-outbox put orders >"$T/out/outbox-$1-put.jsonl" 2>>"$T/logs/outbox-$1-sell.err"
}

outbox_stats() { curl -s "http://127.0.0.1:$PORT_shop_api/stats"; }

act_outbox() {
  head_act "9. outbox: the shop's uplink drops at peak; two kiosks keep selling and replicate; one dies; the shop gets every order once"
  if [[ ! -x $BIN/evt-outbox || ! -f $ROOT/tests/cli/outbox/order_api.py ]]; then
    say "   evt-outbox: not in this build"
    return 0
  fi
  PORT_shop_link=$(free_port) PORT_kiosk_a=$(free_port) PORT_kiosk_b=$(free_port)
  outbox_kiosk kiosk-a "$PORT_kiosk_a" kiosk-b "$PORT_kiosk_b"
  outbox_kiosk kiosk-b "$PORT_kiosk_b" kiosk-a "$PORT_kiosk_a"
  cp "$T/kiosks/kiosk-a/shop.token" "$T/shop-api.token"
  rm -f "$T/shop-api.port"
  spawn shop-api python3 "$ROOT/tests/cli/outbox/order_api.py" --token-file "$T/shop-api.token" \
    --port-file "$T/shop-api.port"
  local i
  for ((i = 0; i < 100; i++)); do [[ -s $T/shop-api.port ]] && break; sleep 0.05; done
  PORT_shop_api=$(cat "$T/shop-api.port" 2>/dev/null) || die "the order API did not start: $(cat "$T/logs/shop-api.log")"
  outbox_link_up
  local k
  for k in kiosk-a kiosk-b; do
    spawn "outbox-serve-$k" env EVT_CONFIG="$T/kiosks/$k/event.json" EVT_STATE_DIR="$T/kiosks/$k" evt-outbox serve
  done
  wait_listening_port "$PORT_kiosk_a" "kiosk-a's evt-outbox serve"
  wait_listening_port "$PORT_kiosk_b" "kiosk-b's evt-outbox serve"

  outbox_link_down
  say "   the shop's uplink :$PORT_shop_link is down; kiosk-a :$PORT_kiosk_a and kiosk-b :$PORT_kiosk_b serve each other"
  local sold=0 failed=""
  for k in kiosk-a kiosk-b; do
    if outbox_sell "$k"; then
      sold=$((sold + OUTBOX_PER_KIOSK))
    else
      failed+=" $k"
    fi
  done
  cat "$T"/out/outbox-kiosk-*-put.jsonl >>"$RECORDS"
  # A tries to deliver while the link is down: every order stays pending.
  rec outbox-a-run-down kiosk kiosk-a evt-outbox run
  say "   sold $sold orders offline${failed:+ (the pipe failed at:$failed)}; kiosk-a's run while down: exit $RC," \
    "$(jq -s 'map(select(.kind == "outbox.delivery" and .event == "retry")) | length' "$T/out/outbox-a-run-down.jsonl") attempts to retry," \
    "$(outbox_stats | jq .commits) commits at the shop"
  rec outbox-a-sync kiosk kiosk-a evt-outbox sync kiosk-b
  local sync_a=$RC
  rec outbox-b-sync kiosk kiosk-b evt-outbox sync kiosk-a
  local sync_b=$RC
  say "   replicated: kiosk-a sync -> exit $sync_a ($(jq -r 'select(.kind == "outbox.sync") | "\(.added_here) new here, \(.added_there) there"' \
    "$T/out/outbox-a-sync.jsonl")), kiosk-b sync -> exit $sync_b"

  kill -KILL -- "-$SPAWNED_outbox_serve_kiosk_a" 2>/dev/null || true
  outbox_link_up
  say "   kiosk-a is killed for good (kill -9); the uplink is back"
  local t0 pending=-1 passes=0
  t0=$(date +%s%3N)
  while (($(date +%s%3N) - t0 < OUTBOX_RUN_SECONDS * 1000)); do
    rec "outbox-b-run-$((++passes))" kiosk kiosk-b evt-outbox run
    pending=$(kiosk kiosk-b evt-outbox status --json 2>/dev/null |
      jq -s 'map(select(.kind == "outbox.status") | .pending // 0) | add // 0')
    [[ $pending == 0 ]] && break
    sleep 0.2
  done
  outbox_verdict "$sold" "$pending" "$passes" "$(($(date +%s%3N) - t0))"
}

# outbox_taken_over: how many of kiosk-a's orders kiosk-b's runs delivered.
outbox_taken_over() {
  cat "$T"/out/outbox-b-run-*.jsonl |
    jq -s 'map(select(.kind == "outbox.delivery" and .event == "delivered" and .origin == "kiosk-a")) | length'
}

# wait_listening_port PORT WHAT: a TCP listener on 127.0.0.1:PORT.
wait_listening_port() {
  local i
  for ((i = 0; i < 100; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  die "$2 did not start: $(tail -n 5 "$T"/logs/outbox-serve-*.log 2>/dev/null)"
}

# outbox_verdict SOLD PENDING PASSES DRAIN_MS: judged at the shop's /stats:
# every order sold is a key committed once, none twice, none missing.
outbox_verdict() {
  local stats commits keys twice missing expected
  stats=$(outbox_stats)
  expected=$( (outbox_carts kiosk-a "$OUTBOX_PER_KIOSK"; outbox_carts kiosk-b "$OUTBOX_PER_KIOSK") | jq -r .id | sort)
  commits=$(jq '.commits' <<<"$stats")
  keys=$(jq '.keys | map_values(select(.commits > 0)) | length' <<<"$stats")
  twice=$(jq '[.keys[] | select(.commits > 1)] | length' <<<"$stats")
  missing=$(comm -23 <(echo "$expected") <(jq -r '.keys | to_entries[] | select(.value.commits > 0) | .key' <<<"$stats" | sort) | wc -l)
  say "   kiosk-b drained in $4 ms ($3 run pass(es), $2 pending); the shop: $commits commits of $keys keys, $twice twice, $missing of $(wc -l <<<"$expected") missing"
  local figure="$1 orders from 2 kiosks ($(outbox_taken_over) of kiosk-a's by kiosk-b), $commits commits at the shop, $twice twice, $missing lost"
  if [[ $1 -eq $((2 * OUTBOX_PER_KIOSK)) && $commits -eq $1 && $twice -eq 0 && $missing -eq 0 ]]; then
    verdict outbox go "$figure"
  else
    verdict outbox "no-go: the shop did not get every order exactly once" "$figure"
  fi
}
