#!/usr/bin/env bash
# The Prometheus text parser against Go's expfmt.TextParser (Debian's
# golang-github-prometheus-common-dev, built here offline in GOPATH mode) on
# the same generated file (SCRAPE_BENCH_PROM_MB, default 100 MB):
#  1. parse only: tests/bench/scrape_parse vs the Go program, CPU seconds
#     (user + sys), median of SCRAPE_BENCH_RUNS (default 3). Goal: evt at
#     least 5x expfmt.
#  2. `evt-scrape run` writing records: CPU seconds, as a multiple of parse
#     only. Goal: at most 1.5x. The source is a file:// URL, which is parsed
#     where it lies; an HTTP source's body also goes through a temporary file.
#  3. peak RSS of `evt-scrape run` in every output mode (records,
#     -o prometheus, -o openmetrics). Goal: under 32 MB.
# The input is checked before anything is timed: its size, and the family
# count both parsers must report.
# Usage: tests/bench/scrape_exposition.sh [ARGS] BUILD_DIR   (as `make bench` runs it)
set -euo pipefail

build=${2:-${1:-build}}
[[ -d $build ]] || build=build
build=$(cd "$build" && pwd)
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
mb=${SCRAPE_BENCH_PROM_MB:-100}
runs=${SCRAPE_BENCH_RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-expo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

parse_bin=$build/tests/bench/scrape_parse
[[ -x $parse_bin ]] || { echo "scrape_exposition: $parse_bin is missing (build the tree)" >&2; exit 1; }

# make_prom MB FILE: histogram families (20 series of 12 buckets, label
# escapes in HELP) and gauge families with timestamps and escaped label
# values; prints how many families it wrote.
make_prom() {
  awk -v target="$(($1 * 1024 * 1024))" -v out="$2" 'BEGIN {
    size = 0; f = 0
    split("0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10 +Inf", le, " ")
    while (size < target) {
      s = sprintf("# HELP req_%d_seconds Request latency \\\\ per path.\n# TYPE req_%d_seconds histogram\n", f, f)
      for (p = 0; p < 20; p++) {
        c = 0
        for (b = 1; b <= 12; b++) { c += p + b; s = s sprintf("req_%d_seconds_bucket{path=\"/api/v1/item/%d\",method=\"GET\",le=\"%s\"} %d\n", f, p, le[b], c) }
        s = s sprintf("req_%d_seconds_sum{path=\"/api/v1/item/%d\",method=\"GET\"} %.3f\nreq_%d_seconds_count{path=\"/api/v1/item/%d\",method=\"GET\"} %d\n", f, p, c * 0.37, f, p, c)
      }
      s = s sprintf("# TYPE up_%d gauge\n", f)
      for (p = 0; p < 50; p++) s = s sprintf("up_%d{instance=\"host-%d:9100\",job=\"node \\\"edge\\\"\"} %d 1733392800000\n", f, p, p % 2)
      printf "%s", s > out
      size += length(s); f++
    }
    print 2 * f
  }'
}

# cpu_rss CMD...: runs CMD (stdout to $tmp/run.out) and prints "CPU-seconds peak-RSS-kB".
cpu_rss() {
  /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$@" >"$tmp/run.out"
  awk '{ printf "%.3f %d\n", $1 + $2, $3 }' "$tmp/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The Go reference, built offline against Debian's source package.
gopath=/usr/share/gocode
if ! command -v go >/dev/null || [[ ! -d $gopath/src/github.com/prometheus/common/expfmt ]]; then
  echo "scrape_exposition: needs golang-go and golang-github-prometheus-common-dev (scripts/install-deps.sh bench)" >&2
  exit 1
fi
mkdir -p "$tmp/go"
cp "$here/scrape_expfmt_reference.go" "$tmp/go/main.go"
(cd "$tmp/go" && GOPATH=$gopath GO111MODULE=off GOFLAGS= GOCACHE=${GOCACHE:-$HOME/.cache/go-build} go build -o "$tmp/expfmt" main.go)

echo "== Prometheus text: evt's parser vs Go's expfmt.TextParser ($mb MB)"
families=$(make_prom "$mb" "$tmp/big.prom")
bytes=$(stat -c %s "$tmp/big.prom")
if ((bytes < mb * 1024 * 1024)); then
  echo "scrape_exposition: the generated input is $bytes bytes, short of $mb MB" >&2
  exit 1
fi
ours_counts=$("$parse_bin" "$tmp/big.prom")
theirs_counts=$("$tmp/expfmt" "$tmp/big.prom")
if [[ $ours_counts != "families $families "* || $theirs_counts != "families $families "* ]]; then
  echo "scrape_exposition: expected $families families; evt: $ours_counts; expfmt: $theirs_counts" >&2
  exit 1
fi

cat >"$tmp/event.json" <<JSON
{"site": {"name": "bench"},
 "scrape": {"sources": {"prom": {"prometheus": "file://$tmp/big.prom", "format": "prometheus", "max_body": "1GiB"}}}}
JSON

parse=() expfmt=() records=()
for ((i = 0; i < runs; i++)); do
  read -r cpu rss_parse < <(cpu_rss "$parse_bin" "$tmp/big.prom"); parse+=("$cpu")
  read -r cpu rss_go < <(cpu_rss "$tmp/expfmt" "$tmp/big.prom"); expfmt+=("$cpu")
  read -r cpu rss_records < <(cpu_rss "$bin/evt-scrape" --config "$tmp/event.json" --state-dir "$tmp/state" run prom)
  records+=("$cpu")
done
record_lines=$(wc -l <"$tmp/run.out")
read -r cpu_prom rss_prom < <(cpu_rss "$bin/evt-scrape" --config "$tmp/event.json" --state-dir "$tmp/state" run -o prometheus prom)
# The text holds every sample once, plus evt's own three series.
prom_lines=$(grep -vc '^#' "$tmp/run.out")
if [[ $ours_counts != *" samples $((prom_lines - 3))" ]]; then
  echo "scrape_exposition: -o prometheus printed $prom_lines sample lines; expected the parser's ($ours_counts) + 3" >&2
  exit 1
fi
read -r cpu_om rss_om < <(cpu_rss "$bin/evt-scrape" --config "$tmp/event.json" --state-dir "$tmp/state" run -o openmetrics prom)

p=$(printf '%s\n' "${parse[@]}" | median)
g=$(printf '%s\n' "${expfmt[@]}" | median)
r=$(printf '%s\n' "${records[@]}" | median)
awk -v b="$bytes" -v fam="$families" -v oc="$ours_counts" -v p="$p" -v g="$g" -v r="$r" -v n="$runs" -v lines="$record_lines" \
    -v rp="$rss_parse" -v rg="$rss_go" -v rr="$rss_records" -v rprom="$rss_prom" -v rom="$rss_om" -v cprom="$cpu_prom" -v com="$cpu_om" \
    -v pa="${parse[*]}" -v ga="${expfmt[*]}" -v ra="${records[*]}" 'BEGIN {
  mib = b / 1048576
  printf "input: %.0f MiB, %d families (%s); CPU seconds are medians of %d runs\n", mib, fam, oc, n
  printf "parse only, evt:      %.2f CPU-s, %.0f MiB/CPU-s, peak RSS %d kB (all: %s)\n", p, mib / p, rp, pa
  printf "parse only, expfmt:   %.2f CPU-s, %.0f MiB/CPU-s, peak RSS %d kB (all: %s)\n", g, mib / g, rg, ga
  printf "ratio: evt parses at %.1fx expfmt (goal >= 5x)\n", g / p
  printf "evt-scrape run, records: %.2f CPU-s (all: %s), %d records, %.2fx parse only (goal <= 1.5x)\n", r, ra, lines, r / p
  printf "peak RSS of evt-scrape run: records %d kB, -o prometheus %d kB, -o openmetrics %d kB (goal < 32768 kB)\n", rr, rprom, rom
  printf "evt-scrape run, CPU: -o prometheus %.2f CPU-s, -o openmetrics %.2f CPU-s (one run each)\n", cprom, com
}'
