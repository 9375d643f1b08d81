#!/usr/bin/env bash
# NAB's scorer (engine/nab) against its references in the same run:
#  1. the published figures: windowedGaussian's raw output (tests/data/nab)
#     re-scored in NAB's regime (threshold optimised on the whole corpus) beside
#     results/final_results.json; the honest regime (threshold optimised on the
#     11 artificial files only) is printed too;
#  2. NAB's own scorer, when NAB_SWEEPER names nab/sweeper.py of a NAB checkout
#     (it needs only Python's stdlib): windowedGaussian and a random detector
#     (every threshold range, ties included) scored by both; the run fails when
#     a threshold differs or a figure by more than 0.01.
# The scorer's time per phase is shown beside a raw read of the same files.
# Usage: tests/bench/detect_nab_reference.sh [ARGS] BUILD_DIR   (as `make bench` runs it)
set -euo pipefail

build=${2:-${1:-build}}
[[ -d $build ]] || build=build
src=$(cd "$(dirname "$0")/../.." && pwd)
nab=$src/tests/data/nab
[[ -d $nab ]] || { echo "detect_nab_reference: $nab is missing" >&2; exit 66; }
bin=$build/tests/bench/detect_nab_reference
[[ -x $bin ]] || { echo "detect_nab_reference: not built in $build" >&2; exit 66; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-nab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }
now() { date +%s.%N; }

t0=$(now)
cat "$nab"/data/*/*.csv "$nab"/results/windowedGaussian/*/*.csv >/dev/null
t1=$(now)
echo "raw read (cat) of the 58 series and windowedGaussian's 58 result files: $(seconds "$t0" "$t1") s"

"$bin" --write-random 7 "$nab" "$tmp/evtRandom"
t0=$(now)
"$bin" --json "$tmp/evt.jsonl" "$nab" "$nab/results/windowedGaussian" "$tmp/evtRandom"
t1=$(now)
echo "detect_nab_reference, whole run (2 detectors, 2 regimes, 3 profiles): $(seconds "$t0" "$t1") s"

if [[ -n ${NAB_SWEEPER:-} ]]; then
  echo "NAB's own scorer ($NAB_SWEEPER), NAB's regime, beside engine/nab:"
  t0=$(now)
  python3 "$src/tests/bench/detect_nab_reference.py" "$NAB_SWEEPER" "$nab" \
    "$nab/results/windowedGaussian" "$tmp/evtRandom" --against "$tmp/evt.jsonl"
  t1=$(now)
  echo "NAB's scorer, whole run: $(seconds "$t0" "$t1") s"
else
  echo "NAB's own scorer: skipped (set NAB_SWEEPER to a NAB checkout's nab/sweeper.py)"
fi
