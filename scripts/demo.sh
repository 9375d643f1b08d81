#!/usr/bin/env bash
# `make demo`: runs the main job on local defaults. Until the field rehearsal
# exists (it needs every tool), it runs what exists: each built tool's
# `--help` summary, the record kinds evt(7) documents, and the record stream
# measured against jq on a generated file.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shopt -s nullglob
tools=("$build"/bin/evt-*)
echo "== evt tools built in $build/bin"
found=0
for t in "${tools[@]}"; do
  name=$(basename "$t")
  [[ "$name" == evt-schema ]] && continue
  found=1
  printf '  %-14s %s\n' "$name" "$("$t" --version)"
done
[[ $found -eq 1 ]] || echo "  (none yet: the foundation is in place; the tools land next)"
echo
echo "== record kinds documented in man/evt.7"
for f in schemas/records/*.json; do printf "  %s\n" "$(basename "$f" .json)"; done
echo
echo "== the record stream against jq -c . (20 MB; make bench runs 200 MB)"
bash tests/bench/jsonl_throughput.sh 20 "$build"
