#!/bin/sh
# Copies the NAB corpus (github.com/numenta/NAB, commit ea702d7, MIT) into
# tests/data/nab/, so CI scores against the same files every time:
# the data, the windows and labels, the profiles, the published final scores,
# and of windowedGaussian's raw output only the timestamp and anomaly_score
# columns (the rest is NAB's own per-row scoring, which our scorer recomputes;
# dropping it keeps the copy small).
#
# usage: scripts/nab-import.sh NAB_DIR [DEST]
#   NAB_DIR is a NAB checkout (or a copy with data/, labels/, config/, results/);
#   DEST defaults to tests/data/nab in this repo.
set -eu

[ $# -ge 1 ] || { echo "usage: scripts/nab-import.sh NAB_DIR [DEST]" >&2; exit 2; }
src=$1
dest=${2:-$(dirname "$0")/../tests/data/nab}

for f in LICENSE.txt labels/combined_windows.json labels/combined_labels.json \
         config/profiles.json results/final_results.json; do
  [ -f "$src/$f" ] || { echo "nab-import: $src/$f: missing" >&2; exit 66; }
done

rm -rf "$dest/data" "$dest/labels" "$dest/config" "$dest/results"
mkdir -p "$dest/labels" "$dest/config" "$dest/results/windowedGaussian"
cp "$src/LICENSE.txt" "$dest/"
cp "$src/labels/combined_windows.json" "$src/labels/combined_labels.json" "$dest/labels/"
cp "$src/config/profiles.json" "$dest/config/"
cp "$src/results/final_results.json" "$dest/results/"
cp -R "$src/data" "$dest/data"

# NAB's result files are plain CSV without quoted fields; the columns are
# found by their header names, not their positions.
(cd "$src/results/windowedGaussian" && find . -name '*.csv') | sort | while read -r rel; do
  mkdir -p "$dest/results/windowedGaussian/$(dirname "$rel")"
  awk -F, -v file="$rel" '
    NR == 1 {
      for (i = 1; i <= NF; i++) col[$i] = i
      if (!("timestamp" in col) || !("anomaly_score" in col)) {
        print "nab-import: " file ":1: expected timestamp and anomaly_score columns" > "/dev/stderr"
        exit 65
      }
      print "timestamp,anomaly_score"
      next
    }
    { print $col["timestamp"] "," $col["anomaly_score"] }
  ' "$src/results/windowedGaussian/$rel" > "$dest/results/windowedGaussian/$rel"
done

files=$(find "$dest/data" -name '*.csv' | wc -l)
results=$(find "$dest/results/windowedGaussian" -name '*.csv' | wc -l)
if [ "$files" -ne 58 ] || [ "$results" -ne 58 ]; then
  echo "nab-import: expected 58 data and 58 result files, got $files and $results" >&2
  exit 65
fi
echo "nab-import: $files data files and $results windowedGaussian results in $dest"
