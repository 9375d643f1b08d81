#!/usr/bin/env bash
# `make demo`: runs the main job on local defaults. Until the field rehearsal
# exists (it needs every tool), it runs what exists, offline and in a
# private state folder: the example carts priced with explanations, a ticket
# signed and checked at a gate, a forged one refused, then the record stream
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
state=$(mktemp -d "${TMPDIR:-/tmp}/evt-demo.XXXXXX")
trap 'rm -rf "$state"' EXIT
bin=$build/bin
if [[ -x $bin/evt-price ]]; then
  echo "== evt-price: the example carts (examples/price), one quote each"
  "$bin"/evt-price --json quote --catalog examples/price/catalog.json --promotions examples/price/promotions.json \
    examples/price/carts.jsonl | cut -c1-160
  echo
fi
if [[ -x $bin/evt-token ]]; then
  echo "== evt-token: a key ring in $state, a ticket signed, verified at the gate, a forgery refused"
  "$bin"/evt-token --state-dir "$state" keys new >/dev/null
  ticket=$("$bin"/evt-token --state-dir "$state" sign --claims '{"ticket":"GA-0042"}' --ttl 10m --aud gate)
  echo "  ticket: ${ticket:0:60}…"
  printf '%s\n' "$ticket" | "$bin"/evt-token --state-dir "$state" --json verify --aud gate | cut -c1-160
  # The same header and signature over claims upgraded to VIP.
  vip=$(printf '{"ticket":"VIP-0001","aud":"gate"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
  forged="${ticket%%.*}.$vip.${ticket##*.}"
  printf '%s\n' "$forged" | "$bin"/evt-token --state-dir "$state" --json verify --aud gate | cut -c1-160 || true
  echo
fi
echo "== the record stream against jq -c . (20 MB; make bench runs 200 MB)"
bash tests/bench/jsonl_throughput.sh 20 "$build"
