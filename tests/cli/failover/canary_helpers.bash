# Sourced by the canary tests (doc/design.md §19) after ../lib.sh,
# helpers.bash and haproxy_server.bash: Debian's HAProxy 2.6 whose backend
# `reads` has the baseline v1 (weight 1) and the canary v2 (weight 0, as a
# new build waits before its canary), each a steering_backend.py that can
# add latency or errors, and an event.json whose route `reads` (split
# v1 100, v2 0) is steered through the admin socket.
# Paths: $HA (HAProxy's folder), $SOCK, $TMP/event.json, $TMP/state.

# canary_setup CANARY_JSON [RUNBOOK_JSON]: the peers, and event.json with
# failover.canary set to CANARY_JSON (and the runbook section, for hooks).
canary_setup() {
  local runbook_section=""
  [[ -z ${2:-} ]] || runbook_section="\"runbook\": $2,"
  HA=$TMP/ha
  SOCK=$HA/admin.sock
  mkdir -p "$HA" "$TMP/runbooks"
  start_backends v1 v2
  HAPROXY_PORT=$(free_port)
  {
    haproxy_global "$HA"
    cat <<CONF
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend reads
backend reads
  balance roundrobin
  server v1 127.0.0.1:$BACKEND_PORT_v1 check inter 1s weight {{reads/v1.weight}}
  server v2 127.0.0.1:$BACKEND_PORT_v2 check inter 1s weight {{reads/v2.weight}}
CONF
  } >"$HA/haproxy.cfg.tmpl"
  sed -e 's|{{reads/v1.weight}}|1|' -e 's|{{reads/v2.weight}}|0|' "$HA/haproxy.cfg.tmpl" >"$HA/haproxy.cfg"
  start_haproxy "$HA"
  cat >"$TMP/event.json" <<JSON
{"site": {"name": "canary"},
 "probe": {"targets": {
   "v1-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_v1/ok", "interval": "1s", "timeout": "500ms"},
   "v2-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_v2/ok", "interval": "1s", "timeout": "500ms"}}},
 $runbook_section
 "failover": {"paths": [{"name": "primary", "targets": ["v1-health"]}],
   "routes": [{"name": "reads", "essential": false,
     "driver": {"type": "haproxy", "socket": "$SOCK", "backend": "reads", "state_file": "$HA/server-state",
                "template": "$HA/haproxy.cfg.tmpl", "write": "$HA/haproxy.cfg"},
     "members": [{"name": "v1", "targets": ["v1-health"]}, {"name": "v2", "targets": ["v2-health"]}],
     "split": {"v1": 100, "v2": 0}}],
   "canary": $1}}
JSON
  [[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "v1=1 v2=0 " ]] || fail "haproxy did not start at v1=1 v2=0"
  # A backend's first requests pay for Python's lazy imports: warmed alike,
  # neither side starts the canary slower for having served nothing yet.
  count_served "http://127.0.0.1:$BACKEND_PORT_v1/ok" 20 >/dev/null
  count_served "http://127.0.0.1:$BACKEND_PORT_v2/ok" 20 >/dev/null
}

# start_backends NAME...: start_backend for each, the Pythons starting side
# by side (a third of a second each, twice per test otherwise).
start_backends() {
  local name pid
  for name in "$@"; do
    rm -f "$TMP/backend-$name.port"
    /usr/bin/python3 "$STEERING_BACKEND" "$name" "$TMP/backend-$name.port" 2>>"$TMP/backend-$name.err" &
    pid=$!
    started "$pid"
    printf -v "BACKEND_PID_$name" '%s' "$pid"
  done
  for name in "$@"; do
    printf -v "BACKEND_PORT_$name" '%s' "$(wait_port_file "$TMP/backend-$name.port")"
  done
}

# canary_judge MIN_LATENCY MIN_REQUESTS: the judge of the issue's example
# (latency tolerance 10 ms, errors 0.5 %), with these minimum samples.
canary_judge() {
  echo '{"metrics": [
    {"name": "latency", "kind": "latency", "critical": true, "min_samples": '"$1"', "tolerance": 10},
    {"name": "errors", "kind": "errors", "critical": true, "min_samples": '"$2"', "tolerance": 0.005}],
   "pass": 95, "marginal": 75}'
}

# canary_failover ARGS...: evt-failover on $TMP/event.json and its own state.
canary_failover() {
  "$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" "$@"
}

# backend_control NAME QUERY: changes how a backend answers from now on
# (steering_backend.py's /_control).
backend_control() {
  local port_var=BACKEND_PORT_$1
  curl -fsS "http://127.0.0.1:${!port_var}/_control?$2" >/dev/null || fail "backend $1 refused /_control?$2"
}

# server_admin SOCKET BACKEND SERVER: srv_admin_state of the server (bits:
# 0x01 maintenance forced by the runtime API, 0x08 drain forced by it).
server_admin() {
  haproxy_cmd "$1" "show servers state $2" | awk -v s="$3" '$1 ~ /^[0-9]+$/ && $4 == s { print $7 }'
}

# canary_figures FILE: each judged step of the --json records in FILE, one
# line: its percentage, verdict, score and each metric's p-value, estimate
# and samples (baseline/canary).
canary_figures() {
  jq -r 'select(.kind == "failover.canary" and .event == "step") |
    "  step \(.step)/\(.of) at \(.percent) %: \(.verdict) (score \(.score)); " +
    ([.metrics[] | "\(.name) \(.verdict) p=\(.p_value) estimate=\(.estimate) [\(.conf_low), \(.conf_high)] n=\(.baseline_n)/\(.canary_n)"] | join("; "))' "$1"
}

# canary_events FILE: the events of the failover.canary records, in order.
canary_events() {
  jq -r 'select(.kind == "failover.canary") | .event' "$1" | tr '\n' ' '
}
