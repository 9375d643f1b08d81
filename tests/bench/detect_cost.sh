#!/usr/bin/env bash
# The detectors' cost per sample and memory per series (doc/design.md §14: at most
# 2 us per update, at most 2 KB per series), each kind on NAB's largest file
# (machine_temperature_system_failure.csv, 22,695 samples) and on a
# synthetic stream of N samples (10 million), beside a raw read of the same
# samples in memory and the ratio. JSON parsing is not counted.
# Usage: tests/bench/detect_cost.sh [ARGS] BUILD_DIR   (`make bench` passes "" BUILD_DIR)
# N (10000000) and RUNS (best of, 3) from the environment.
set -euo pipefail

build=${2:-${1:-build}}
n=${N:-10000000}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$build/tests/bench/detect_cost
[[ -d $src/tests/data/nab ]] || { echo "detect_cost: tests/data/nab is missing" >&2; exit 66; }
[[ -x $bin ]] || { echo "detect_cost: $bin not found; build $build first" >&2; exit 66; }
"$bin" "$src/tests/data/nab" "$n" "${RUNS:-3}"
