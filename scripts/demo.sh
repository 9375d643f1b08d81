#!/usr/bin/env bash
# `make demo`: the tools built, the example carts priced with their
# explanations (offline, from examples/price), then the field rehearsal:
# a simulated micro-event on loopback (scripts/rehearsal.sh), which cleans
# up everything it started. Extra arguments go to the rehearsal
# (`make demo DEMO_ARGS=--keep` leaves its state and audit trail).
set -euo pipefail
build=${1:-build}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=$build/bin
echo "== evt tools built in $build/bin"
for t in "$bin"/evt-*; do
  name=$(basename "$t")
  [[ $name == evt-schema ]] && continue
  printf '  %-14s %s\n' "$name" "$("$t" --version)"
done
echo
if [[ -x $bin/evt-price ]]; then
  echo "== evt-price: the example carts (examples/price), one quote each"
  "$bin"/evt-price --json quote --catalog examples/price/catalog.json --promotions examples/price/promotions.json \
    examples/price/carts.jsonl |
    jq -r 'def money: "\(. / 100 | floor).\(. % 100 | tostring | if length < 2 then "0" + . else . end)";
      select(.kind == "quote") | "  \(.cart): \(.subtotal | money) - \(.discount | money) = \(.total | money) \(.currency)" +
      " (tax \(.tax | money))" + (if (.applied | length) > 0 then "; " + ([.applied[] | "\(.promotion) -\(.amount | money)"] | join(", ")) else "" end)'
  echo
fi
exec bash scripts/rehearsal.sh "$build" "$@"
