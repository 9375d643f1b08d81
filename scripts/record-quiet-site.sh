#!/usr/bin/env bash
# Records the rehearsal's loopback site with no fault injected, for
# evt-detect's false-raise figure (tests/data/detect/, doc/design.md §14):
# the uplink, local, TCP and CDN targets and the buy flow, each every 2 s,
# until stopped (SIGINT/SIGTERM). The records, trimmed to what the
# detectors read, go to OUT (gzip) when it stops.
# Usage: scripts/record-quiet-site.sh BUILD_DIR OUT.jsonl.gz
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 BUILD_DIR OUT.jsonl.gz" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$1/bin" && pwd) OUT=$2 LIB=$ROOT/scripts/rehearsal
T=$(mktemp -d "${TMPDIR:-/tmp}/evt-quiet-site.XXXXXX")
mkdir -p "$T/logs" "$T/flows" "$T/state"
PIDS=()
die() { echo "record-quiet-site: $*" >&2; exit 2; }
# shellcheck source=rehearsal/services.bash
source "$LIB/services.bash"
PORT_primary=$(free_port) PORT_local=$(free_port) PORT_cdn=$(free_port) PORT_origin=$(free_port)
PORT_checkout=$(free_port)
start_checkout_nginx "$PORT_checkout"
start_uplink_nginx primary "$PORT_primary"
start_uplink_nginx local "$PORT_local"
start_cdn_nginx "$PORT_cdn" "$PORT_origin"
write_buy_flow "$T/flows/buy.json" "$PORT_primary"
cat >"$T/event.json" <<JSON
{ "site": { "name": "quiet-site" },
  "probe": { "targets": {
    "uplink":   { "check": "http", "url": "http://127.0.0.1:$PORT_primary/ok", "interval": "2s", "timeout": "1s" },
    "orders":   { "check": "http", "url": "http://127.0.0.1:$PORT_local/orders", "interval": "2s", "timeout": "1s" },
    "shop-tcp": { "check": "tcp", "address": "127.0.0.1:$PORT_checkout", "interval": "2s", "timeout": "1s" },
    "assets":   { "check": "cdn", "urls": ["http://127.0.0.1:$PORT_cdn/app.js", "http://127.0.0.1:$PORT_cdn/app.css"],
                  "interval": "2s" },
    "checkout": { "check": "flow", "flow": "$T/flows/buy.json", "interval": "2s" } } } }
JSON
finish() {
  trap - EXIT INT TERM
  kill -TERM "${PROBES[@]}" 2>/dev/null || true
  wait "${PROBES[@]}" 2>/dev/null || true
  kill_groups
  trim_records "$T"/*.jsonl | gzip -9 >"$OUT"
  rm -rf "$T"
}
# What the detectors read, in time order: no URLs, phases or steps.
trim_records() {
  jq -c 'del(.url, .urls, .phases, .steps, .remote_ip, .remote_port)' "$@" | jq -c -s 'sort_by(.ts)[]'
}
export SHOP_API_KEY=sk-test-123 EVT_STATE_DIR=$T/state XDG_CONFIG_HOME=$T/no-config
PROBES=()
"$BIN/evt-probe" --config "$T/event.json" --json run --watch --window 30 checkout >"$T/flows.jsonl" 2>"$T/logs/flow.err" &
PROBES+=("$!")
"$BIN/evt-probe" --config "$T/event.json" --json run --watch --window 30 uplink orders shop-tcp assets \
  >"$T/probes.jsonl" 2>"$T/logs/probe.err" &
PROBES+=("$!")
trap finish EXIT
trap 'exit 0' INT TERM
wait
