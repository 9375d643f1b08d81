#!/usr/bin/env bash
# evt-scrape's two hot paths against references in the same run:
#  1. `evt-scrape map`: five fields mapped from every object of a JSON Lines
#     file (SCRAPE_BENCH_MB, default 500 MB) beside `jq -c` writing the same
#     records; the outputs must be identical. Target: >= 10x jq.
#  2. a Prometheus text exposition (SCRAPE_BENCH_PROM_MB, default 100 MB)
#     parsed by `evt-scrape run` from a file:// source beside Python's
#     prometheus_client parser (Debian's python3-prometheus-client).
# Peak RSS of each run, at the full size and at a tenth, shows memory flat
# as the input grows.
# Usage: tests/bench/scrape_mapping.sh [ARGS] BUILD_DIR   (as `make bench` runs it)
set -euo pipefail

build=${2:-${1:-build}}
[[ -d $build ]] || build=build
bin=$(cd "$build/bin" && pwd)
mb=${SCRAPE_BENCH_MB:-500}
prom_mb=${SCRAPE_BENCH_PROM_MB:-100}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-scrape.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
now() { date +%s.%N; }
# peak_rss_kb CMD...: runs CMD (stdout to $tmp/run.out) and prints its peak RSS in kB.
peak_rss_kb() {
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$tmp/run.out"
  cat "$tmp/rss"
}

# make_jsonl MB FILE: telemetry-like objects (about 195 bytes each) up to MB.
make_jsonl() {
  awk -v target="$(($1 * 1024 * 1024))" 'BEGIN {
    srand(7);
    for (i = 0; size < target; i++) {
      line = sprintf("{\"ts\":\"2026-12-05T%02d:%02d:%02d.%03dZ\",\"kiosk\":\"k%d\",\"fw\":\"1.4.%d\",\"rsrp\":%d,\"rx_bytes\":%d,\"tx_bytes\":%d,\"battery\":%d,\"state\":\"%s\",\"temp_c\":%d.5,\"note\":\"steady signal, no alarms raised\"}",
        10 + int(i / 3600000) % 12, int(i / 60000) % 60, int(i / 1000) % 60, i % 1000, i % 400, i % 9,
        -60 - int(rand() * 60), int(rand() * 1e9), int(rand() * 1e8), int(rand() * 100), (rand() < 0.9 ? "UP" : "DOWN"), 20 + int(rand() * 30))
      print line
      size += length(line) + 1
    }
  }' >"$2"
}

cat >"$tmp/event.json" <<'JSON'
{"site": {"name": "bench"},
 "scrape": {"sources": {
  "bench": {"url": "http://127.0.0.1:1/unused", "timestamp": "$.ts",
   "metrics": [
    {"name": "router_rsrp_dbm", "path": "$.rsrp", "labels": {"kiosk": {"path": "$.kiosk"}}},
    {"name": "router_rx_bytes_total", "path": "$.rx_bytes", "type": "counter", "labels": {"kiosk": {"path": "$.kiosk"}}},
    {"name": "router_tx_bytes_total", "path": "$.tx_bytes", "type": "counter", "labels": {"kiosk": {"path": "$.kiosk"}}},
    {"name": "kit_battery_percent", "path": "$.battery", "labels": {"kiosk": {"path": "$.kiosk"}}},
    {"name": "kiosk_up", "path": "$.state", "values": {"UP": 1, "DOWN": 0}, "labels": {"kiosk": {"path": "$.kiosk"}}}]},
  "prom": {"prometheus": "file://PROM_FILE", "format": "prometheus"},
  "prom_small": {"prometheus": "file://SMALL_PROM_FILE", "format": "prometheus"}}}}
JSON
sed -i -e "s|SMALL_PROM_FILE|$tmp/small.prom|" -e "s|PROM_FILE|$tmp/big.prom|" "$tmp/event.json"

jq_filter='
  def m($n; $v; $t): {kind: "metric", v: 1, ts: .ts, name: $n, value: $v, labels: {kiosk: .kiosk}, source: "bench", type: $t};
  m("router_rsrp_dbm"; .rsrp; "gauge"), m("router_rx_bytes_total"; .rx_bytes; "counter"),
  m("router_tx_bytes_total"; .tx_bytes; "counter"), m("kit_battery_percent"; .battery; "gauge"),
  m("kiosk_up"; if .state == "UP" then 1 elif .state == "DOWN" then 0 else error("state") end; "gauge")'

echo "== mapping five fields per object: evt-scrape map vs jq -c ($mb MB)"
make_jsonl "$((mb / 10 > 0 ? mb / 10 : 1))" "$tmp/small.jsonl"
make_jsonl "$mb" "$tmp/big.jsonl"
bytes=$(stat -c %s "$tmp/big.jsonl")
lines=$(wc -l <"$tmp/big.jsonl")
t0=$(now)
rss_big=$(peak_rss_kb "$bin/evt-scrape" --config "$tmp/event.json" map bench "$tmp/big.jsonl")
t1=$(now)
mv "$tmp/run.out" "$tmp/ours.jsonl"
t2=$(now)
rss_jq=$(peak_rss_kb jq -c "$jq_filter" "$tmp/big.jsonl")
t3=$(now)
mv "$tmp/run.out" "$tmp/jq.jsonl"
rss_small=$(peak_rss_kb "$bin/evt-scrape" --config "$tmp/event.json" map bench "$tmp/small.jsonl")
if cmp -s "$tmp/ours.jsonl" "$tmp/jq.jsonl"; then same=identical; else same="DIFFERENT (first difference: $(cmp "$tmp/ours.jsonl" "$tmp/jq.jsonl" | head -1))"; fi
ours=$(seconds "$t0" "$t1")
theirs=$(seconds "$t2" "$t3")
awk -v b="$bytes" -v n="$lines" -v o="$ours" -v j="$theirs" -v rb="$rss_big" -v rs="$rss_small" -v rj="$rss_jq" -v same="$same" 'BEGIN {
  printf "input: %.0f MB, %d objects, %d records out; outputs %s\n", b / 1048576, n, n * 5, same
  printf "evt-scrape map: %.2f s, %.1f MB/s, %.0f objects/s, peak RSS %d kB (%d kB at a tenth of the input)\n", o, b / 1048576 / o, n / o, rb, rs
  printf "jq -c:          %.2f s, %.1f MB/s, peak RSS %d kB\n", j, b / 1048576 / j, rj
  printf "ratio: evt-scrape is %.1fx jq (target >= 10x)\n", j / o
}'
rm -f "$tmp/big.jsonl" "$tmp/ours.jsonl" "$tmp/jq.jsonl"

echo "== parsing Prometheus text: evt-scrape vs prometheus_client ($prom_mb MB)"
# make_prom MB FILE: families of every type, label escapes, histograms and summaries.
make_prom() {
awk -v target="$(($1 * 1024 * 1024))" 'BEGIN {
  size = 0; f = 0
  while (size < target) {
    s = sprintf("# HELP req_%d_seconds Request latency \\\\ per path.\n# TYPE req_%d_seconds histogram\n", f, f)
    for (p = 0; p < 20; p++) {
      c = 0
      split("0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 +Inf", le, " ")
      for (b = 1; b <= 12; b++) { c += p + b; s = s sprintf("req_%d_seconds_bucket{path=\"/api/v1/item/%d\",method=\"GET\",le=\"%s\"} %d\n", f, p, le[b], c) }
      s = s sprintf("req_%d_seconds_sum{path=\"/api/v1/item/%d\",method=\"GET\"} %.3f\nreq_%d_seconds_count{path=\"/api/v1/item/%d\",method=\"GET\"} %d\n", f, p, c * 0.37, f, p, c)
    }
    s = s sprintf("# TYPE up_%d gauge\n", f)
    for (p = 0; p < 50; p++) s = s sprintf("up_%d{instance=\"host-%d:9100\",job=\"node \\\"edge\\\"\"} %d 1733392800000\n", f, p, p % 2)
    printf "%s", s
    size += length(s); f++
  }
}' >"$2"
}
make_prom "$prom_mb" "$tmp/big.prom"
make_prom "$((prom_mb / 10 > 0 ? prom_mb / 10 : 1))" "$tmp/small.prom"
prom_bytes=$(stat -c %s "$tmp/big.prom")
t0=$(now)
rss_prom=$(peak_rss_kb "$bin/evt-scrape" --config "$tmp/event.json" --state-dir "$tmp/state" run prom)
t1=$(now)
samples=$(grep '"name":"samples"' "$tmp/run.out" | sed 's/.*"value":\([0-9]*\).*/\1/')
records=$(wc -l <"$tmp/run.out")
rss_prom_small=$(peak_rss_kb "$bin/evt-scrape" --config "$tmp/event.json" --state-dir "$tmp/state" run prom_small)
have_python=0
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null && have_python=1
if [[ $have_python == 1 ]]; then
  t2=$(now)
  py_samples=$(/usr/bin/python3 -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
n = 0
with open(sys.argv[1]) as f:
    for family in text_string_to_metric_families(f.read()):
        n += len(family.samples)
print(n)' "$tmp/big.prom")
  t3=$(now)
fi
ours=$(seconds "$t0" "$t1")
awk -v b="$prom_bytes" -v n="$samples" -v o="$ours" -v r="$rss_prom" -v rs="$rss_prom_small" -v recs="$records" 'BEGIN {
  printf "input: %.0f MB, %d samples, %d records out\n", b / 1048576, n, recs
  printf "evt-scrape (fetch, parse once to a spool, print records): %.2f s, %.1f MB/s, %.0f samples/s, peak RSS %d kB (%d kB at a tenth of the input)\n", o, b / 1048576 / o, n / o, r, rs
}'
if [[ $have_python == 1 ]]; then
  theirs=$(seconds "$t2" "$t3")
  awk -v b="$prom_bytes" -v n="$py_samples" -v o="$ours" -v j="$theirs" 'BEGIN {
    printf "prometheus_client parser: %.2f s, %.1f MB/s, %d samples\n", j, b / 1048576 / j, n
    printf "ratio: evt-scrape is %.1fx prometheus_client\n", j / o
  }'
else
  echo "prometheus_client is not installed (scripts/install-deps.sh bench): no reference figure"
fi
