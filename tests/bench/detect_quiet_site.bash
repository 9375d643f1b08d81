#!/usr/bin/env bash
# The figure a site cares about (doc/design.md §14): false raises per day on
# evt's own probe and flow streams with no fault injected, the recorded
# quiet loopback site (tests/data/detect/, scripts/record-quiet-site.sh),
# through the real evt-detect with examples/event.json's detect section,
# its latency model's kind and min_change varied. Every raise here is false.
# Run by detect_nab.sh, beside the NAB scores (hence .bash: make bench runs *.sh).
# Usage: tests/bench/detect_quiet_site.bash [ARGS] BUILD_DIR
set -euo pipefail

build=${2:-${1:-build}}
src=$(cd "$(dirname "$0")/../.." && pwd)
data=$src/tests/data/detect/quiet-site.jsonl.gz
detect=$build/bin/evt-detect
[[ -f $data ]] || { echo "detect_quiet_site: $data is missing" >&2; exit 66; }
[[ -x $detect ]] || { echo "detect_quiet_site: $detect not found; build $build first" >&2; exit 66; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zcat "$data" >"$tmp/records.jsonl"

# The recording checks itself: kinds, targets and the span it covers.
read -r records hours < <(jq -r -s '[length, ((map(.ts | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) | max - min) / 3600)] | @tsv' \
  "$tmp/records.jsonl")
probes=$(jq -r 'select(.kind == "probe") | .target' "$tmp/records.jsonl" | sort -u | tr '\n' ' ')
flows=$(jq -c 'select(.kind == "flow")' "$tmp/records.jsonl" | wc -l)
failed=$(jq -c 'select((.kind == "probe" or .kind == "flow") and .ok == false)' "$tmp/records.jsonl" | wc -l)
echo "quiet site: $records records over $(printf '%.2f' "$hours") h; probe targets: $probes; $flows flow runs; $failed failed"
awk -v h="$hours" 'BEGIN { exit !(h >= 0.5) }' || { echo "detect_quiet_site: under half an hour recorded" >&2; exit 65; }

printf '%-20s %10s %8s %12s\n' "latency model" "min_change" "raises" "per day"
for kind in robust_z holt relative_entropy contextual contextual_entropy; do
  for floor in 0 25; do
    jq --arg kind "$kind" --argjson floor "$floor" \
      '{site: {name: "quiet-site"}, detect: (.detect | del(.model_file)
        | .models.latency = ({kind: $kind} + (if $floor > 0 then {min_change: $floor} else {} end)))}' \
      "$src/examples/event.json" >"$tmp/event.json"
    "$detect" --config "$tmp/event.json" --json run "$tmp/records.jsonl" >"$tmp/anomalies.jsonl" 2>"$tmp/err" ||
      { echo "detect_quiet_site: evt-detect failed: $(cat "$tmp/err")" >&2; exit 1; }
    raises=$(jq -c 'select(.kind == "anomaly" and .state == "raise")' "$tmp/anomalies.jsonl" | wc -l)
    printf '%-20s %10s %8d %12.1f\n' "$kind" "$floor" "$raises" "$(awk -v r="$raises" -v h="$hours" 'BEGIN { print r * 24 / h }')"
  done
done
