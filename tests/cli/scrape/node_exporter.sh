#!/usr/bin/env bash
# evt-scrape against Debian's prometheus-node-exporter on a free loopback
# port: its real /metrics parsed, every sample accounted for (checked on a
# saved copy, since a live exporter's sample count moves), histogram
# buckets in order, match filters; its text output taken by promtool.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

exporter=/usr/bin/prometheus-node-exporter
[[ -x $exporter ]] || fail "prometheus-node-exporter is not installed (scripts/install-deps.sh test)"
port=$(free_port)
"$exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults --collector.cpu --collector.meminfo \
  --collector.loadavg --collector.filesystem --collector.netdev >"$TMP/exporter.log" 2>&1 &
started $!
wait_listening "$port"

printf '%s\n' '{"site": {"name": "test"}, "scrape": {"sources": {' \
  "\"node\": {\"prometheus\": \"http://127.0.0.1:$port/metrics\"}," \
  "\"mem\": {\"prometheus\": \"http://127.0.0.1:$port/metrics\", \"match\": [\"node_memory_*_bytes\", \"node_load1\"]}}}}" \
  >"$TMP/event.json"
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "node_exporter" 0
validate "$TMP/out"
[[ $(metric "$TMP/out" up node) == 1 ]] || fail "node down: $(cat "$TMP/err")"
[[ $(metric "$TMP/out" samples node) -gt 50 ]] || fail "too few samples: $(metric "$TMP/out" samples node)"
jq -se '[.[] | select(.source == "mem" and .name != "up" and .name != "samples" and .name != "scrape_duration_ms") | .name] |
        length > 5 and all(test("^node_memory_.*_bytes$|^node_load1$"))' "$TMP/out" >/dev/null || fail "match filter"
jq -se 'any(.[]; .name == "node_load1" and .type == "gauge" and (.help | length) > 0)' "$TMP/out" >/dev/null || fail "TYPE/HELP"

# The text for the textfile collector: node_exporter's real families, twice
# (two sources), taken by promtool, no series twice.
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" -o prometheus
expect_rc "node_exporter as text" 0
promtool_accepts "$TMP/out"
no_repeated_series "$TMP/out"

# Every sample accounted for: a saved copy served as a file, counted against
# its non-comment lines, values summed against awk's, buckets in order.
mkdir -p "$TMP/www"
curl -sf "http://127.0.0.1:$port/metrics" >"$TMP/www/metrics" || fail "curl /metrics"
static=$(free_port)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$static" >"$TMP/http.log" 2>&1 &
started $!
wait_listening "$static"
printf '{"site": {"name": "test"}, "scrape": {"sources": {"saved": {"prometheus": "http://127.0.0.1:%s/metrics"}}}}\n' \
  "$static" >"$TMP/saved.json"
run "$SCRAPE" run --config "$TMP/saved.json" --state-dir "$TMP/state"
expect_rc "saved copy" 0
lines=$(grep -cv '^#' "$TMP/www/metrics")
[[ $(metric "$TMP/out" samples saved) == "$lines" ]] || fail "samples: $(metric "$TMP/out" samples saved), lines: $lines"
ours=$(jq -rs '[.[] | select(.source == "saved" and (.value | type) == "number" and .name != "samples" and
                .name != "scrape_duration_ms" and .name != "up") | .value] | add' "$TMP/out")
theirs=$(grep -v '^#' "$TMP/www/metrics" | awk '$NF !~ /NaN|Inf/ { s += $NF } END { printf "%.9e", s }')
awk -v a="$ours" -v b="$theirs" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(d <= 1e-9 * m + 1e-6) }' ||
  fail "sum of values: ours $ours, theirs $theirs"
jq -se '[.[] | select(.source == "saved" and (.name | endswith("_bucket")))] |
        group_by(.name + (.labels | del(.le) | tostring)) |
        all(map(.labels.le | if . == "+Inf" then infinite else tonumber end) as $le | $le == ($le | sort) and $le[-1] == infinite)' \
  "$TMP/out" >/dev/null || fail "bucket order"
exit 0
