# Sourced by the `evt-runbook serve` tests after ../lib.sh: Prometheus
# Alertmanager 0.25 (Debian's prometheus-alertmanager) on loopback ports in
# $TMP, with one webhook receiver pointing at a URL the test gives, and
# group_wait / group_interval of 1 s.
#   am_start NAME WEBHOOK_URL [PEER_CLUSTER_PORT]  starts one; sets AM_PORT
#     and AM_CLUSTER_PORT (gossip on loopback; with a peer, the two form an
#     HA pair that sends each notification once between them)
#   am_fire AM_PORT STATUS NAME [LABEL=VALUE...]   posts one alert to its API,
#     starting at $AM_STARTS_AT (so both of an HA pair see the same alert)
AM_STARTS_AT=$(date -u -d '-1 min' +%FT%T.000Z)
AM_BIN=$(command -v prometheus-alertmanager || command -v alertmanager) ||
  fail "Alertmanager is needed (Debian: prometheus-alertmanager; scripts/install-deps.sh test)"

am_config() {
  cat <<YAML
route:
  receiver: serve
  group_by: [alertname, site]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: serve
    webhook_configs:
      - url: $1
        send_resolved: true
        max_alerts: 0
YAML
}

am_start() {
  local name=$1 url=$2 peer=${3:-} i
  mkdir -p "$TMP/am-$name"
  am_config "$url" >"$TMP/am-$name/alertmanager.yml"
  AM_PORT=$(free_port)
  AM_CLUSTER_PORT=$(free_port)
  local cluster=(--cluster.listen-address="127.0.0.1:$AM_CLUSTER_PORT" --cluster.advertise-address="127.0.0.1:$AM_CLUSTER_PORT"
    --cluster.gossip-interval=50ms --cluster.pushpull-interval=200ms --cluster.peer-timeout=1s)
  [[ -n $peer ]] && cluster+=(--cluster.peer="127.0.0.1:$peer")
  "$AM_BIN" --config.file="$TMP/am-$name/alertmanager.yml" --storage.path="$TMP/am-$name/data" \
    --web.listen-address="127.0.0.1:$AM_PORT" "${cluster[@]}" --log.level=warn 2>"$TMP/am-$name/log" &
  started $!
  wait_listening "$AM_PORT"
  for ((i = 0; i < 100; i++)); do
    curl -sf "http://127.0.0.1:$AM_PORT/-/ready" >/dev/null && return 0
    sleep 0.1
  done
  fail "Alertmanager $name not ready: $(cat "$TMP/am-$name/log")"
}

# am_fire PORT firing|resolved NAME [LABEL=VALUE...]: a resolved alert is
# one whose endsAt has passed.
am_fire() {
  local port=$1 status=$2 name=$3 labels ends
  shift 3
  labels=$(jq -n --arg n "$name" '{alertname: $n}')
  for kv in "$@"; do labels=$(jq --arg k "${kv%%=*}" --arg v "${kv#*=}" '. + {($k): $v}' <<<"$labels"); done
  if [[ $status == resolved ]]; then ends=$(date -u -d '-1 sec' +%FT%T.000Z); else ends=$(date -u -d '+1 hour' +%FT%T.000Z); fi
  jq -n --argjson l "$labels" --arg e "$ends" --arg s "$AM_STARTS_AT" \
    '[{labels: $l, annotations: {summary: "test"}, startsAt: $s, endsAt: $e}]' |
    curl -sf -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$port/api/v2/alerts" >/dev/null ||
    fail "posting $name to Alertmanager on $port"
}
