#!/usr/bin/env bash
# The record stream's throughput beside jq's, on the same file in the same run.
#
#   tests/bench/jsonl_throughput.sh [SIZE_MB=200] [BUILD_DIR=build]
#
# Generates (once, then reuses) SIZE_MB of evt-like JSON Lines under
# ${TMPDIR:-/tmp}/evt-bench, checks that bench_jsonl and `jq -c .` agree on
# the first records, then times bench_jsonl (JsonlReader + RecordWriter) and
# `jq -c .` over the whole file, output to /dev/null, best of RUNS (default
# 3) each, and prints MB/s (10^6 bytes) by wall clock and by CPU time for
# both, and their ratios.
set -euo pipefail
size_mb=${1:-200}
build=${2:-build}
runs=${RUNS:-3}
[[ "$size_mb" =~ ^[1-9][0-9]*$ ]] || { echo "jsonl_throughput: SIZE_MB must be a positive integer, got '$size_mb'" >&2; exit 2; }
bench="$build/tests/bench/bench_jsonl"
make_jsonl="$build/tests/bench/make_jsonl"
for tool in "$bench" "$make_jsonl"; do
  [[ -x "$tool" ]] || { echo "jsonl_throughput: $tool not found; build $build first" >&2; exit 66; }
done
command -v jq >/dev/null || { echo "jsonl_throughput: jq not found (scripts/install-deps.sh bench)" >&2; exit 69; }

data_dir="${TMPDIR:-/tmp}/evt-bench"
file="$data_dir/records-${size_mb}MB.jsonl"
mkdir -p "$data_dir"
if [[ ! -s "$file" ]]; then
  echo "generating $file"
  "$make_jsonl" "$size_mb" > "$file.part"
  mv "$file.part" "$file"
fi
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")

# The two must do the same work: same records, same values. jq reformats
# numbers its own way, so both outputs go through jq before comparing.
head -n 2000 "$file" | "$bench" 2>/dev/null | jq -c . > "$data_dir/check.evt"
head -n 2000 "$file" | jq -c . > "$data_dir/check.jq"
cmp -s "$data_dir/check.evt" "$data_dir/check.jq" || { echo "jsonl_throughput: bench_jsonl and jq disagree on $file" >&2; exit 1; }
rm -f "$data_dir/check.evt" "$data_dir/check.jq"

# "REAL CPU": the best wall-clock and the best user+system seconds of $runs
# runs of "$@" < file > /dev/null. CPU time is the steadier figure on a busy
# machine; wall time is what a user waits.
best_times() {
  local TIMEFORMAT='%R %U %S' i
  for ((i = 0; i < runs; i++)); do
    { time "$@" < "$file" > /dev/null 2>/dev/null; } 2>&1
  done | awk 'NR == 1 || $1 < real { real = $1 } NR == 1 || $2 + $3 < cpu { cpu = $2 + $3 } END { print real, cpu }'
}

cat "$file" > /dev/null  # both start from a warm page cache
read -r evt_real evt_cpu < <(best_times "$bench")
read -r jq_real jq_cpu < <(best_times jq -c .)

awk -v bytes="$bytes" -v lines="$lines" -v runs="$runs" -v file="$file" \
    -v er="$evt_real" -v ec="$evt_cpu" -v jr="$jq_real" -v jc="$jq_cpu" 'BEGIN {
  mb = bytes / 1e6
  # A run too short for the clock still divides by something.
  er = er > 0 ? er : 0.001; ec = ec > 0 ? ec : 0.001; jr = jr > 0 ? jr : 0.001; jc = jc > 0 ? jc : 0.001
  printf "file: %s (%.1f MB, %d records), best of %d runs, output to /dev/null\n", file, mb, lines, runs
  printf "%-42s %10s %8s %12s %8s\n", "", "wall MB/s", "wall s", "CPU MB/s", "CPU s"
  printf "%-42s %10.1f %8.2f %12.1f %8.2f\n", "bench_jsonl (JsonlReader + RecordWriter)", mb / er, er, mb / ec, ec
  printf "%-42s %10.1f %8.2f %12.1f %8.2f\n", "jq -c .", mb / jr, jr, mb / jc, jc
  printf "ratio bench_jsonl / jq: %.1fx wall, %.1fx CPU\n", jr / er, jc / ec
}'
