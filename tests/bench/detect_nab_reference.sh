#!/usr/bin/env bash
# NAB's scorer (engine/nab) against its reference, the published figures:
# windowedGaussian's raw output (tests/data/nab) re-scored in NAB's regime
# (threshold optimised on the whole corpus) must give results/final_results.json's
# figures, printed beside them; the honest regime (threshold optimised on the
# 11 artificial files only) is printed too. The scorer's time per phase is
# shown beside a raw read of the same files (cat), the floor for any reader.
# Usage: tests/bench/detect_nab_reference.sh [ARGS] BUILD_DIR   (as `make bench` runs it)
set -euo pipefail

build=${2:-${1:-build}}
[[ -d $build ]] || build=build
src=$(cd "$(dirname "$0")/../.." && pwd)
nab=$src/tests/data/nab
[[ -d $nab ]] || { echo "detect_nab_reference: $nab is missing" >&2; exit 66; }
bin=$build/tests/bench/detect_nab_reference
[[ -x $bin ]] || bin=$(find "$build" -name detect_nab_reference -type f -perm -u+x | head -1)
[[ -x $bin ]] || { echo "detect_nab_reference: not built in $build" >&2; exit 66; }

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }
now() { date +%s.%N; }

t0=$(now)
cat "$nab"/data/*/*.csv "$nab"/results/windowedGaussian/*/*.csv >/dev/null
t1=$(now)
echo "raw read (cat) of the 58 series and windowedGaussian's 58 result files: $(seconds "$t0" "$t1") s"

t0=$(now)
"$bin" "$nab" "$nab/results/windowedGaussian"
t1=$(now)
echo "detect_nab_reference, whole run: $(seconds "$t0" "$t1") s"
