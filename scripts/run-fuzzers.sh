#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD/tests/fuzz for SECONDS each, starting
# from the checked-in seeds in tests/fuzz/corpus/<name without fuzz_>/ and
# growing a scratch corpus, so the checked-in seeds never change by accident.
# Exit 1 on the first finding; the crashing input is kept in fuzz-findings/.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
targets=("$build"/tests/fuzz/fuzz_*)
[[ ${#targets[@]} -gt 0 ]] || { echo "run-fuzzers: no fuzz targets in $build/tests/fuzz" >&2; exit 1; }
mkdir -p "$root/fuzz-findings"
for t in "${targets[@]}"; do
  [[ -x "$t" && -f "$t" ]] || continue
  name=$(basename "$t")
  scratch=$(mktemp -d)
  seeds=()
  for d in "$root/tests/fuzz/corpus/${name#fuzz_}" "$root/tests/fuzz/corpus/$name"; do
    [[ -d "$d" ]] && seeds+=("$d")
  done
  echo "== $name for ${seconds}s (seeds: ${seeds[*]:-none})"
  if ! "$t" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$root/fuzz-findings/$name-" "$scratch" "${seeds[@]}" 2>"$scratch.log"; then
    tail -40 "$scratch.log"
    echo "run-fuzzers: $name found a problem; input saved under fuzz-findings/" >&2
    exit 1
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$scratch.log" | sed "s/^/  /"
  rm -rf "$scratch" "$scratch.log"
done
echo "run-fuzzers: no findings"
