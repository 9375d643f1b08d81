#!/usr/bin/env bash
# evt-price --strategy best beside priority order on the same carts: 20-line
# carts against ITEMS items and PROMOTIONS promotions (the throughput
# benchmark's input, with every fifth promotion made exclusive so a cart
# meets several exclusives and groups). Prints the CPU time per cart of
# each, their ratio, and how many combinations best priced per cart (mean
# and max); the man page's bound is a cart under 1 ms with 500 promotions.
#
#   tests/bench/price_best.sh [CARTS=20000] [BUILD_DIR=build]
# ITEMS (10000), PROMOTIONS (500) and RUNS (best of, 3) from the environment.
set -euo pipefail
carts=${1:-20000}
carts=${carts:-20000}
build=${2:-build}
items=${ITEMS:-10000}
promotions=${PROMOTIONS:-500}
runs=${RUNS:-3}
price="$build/bin/evt-price"
make_input="$build/tests/bench/price_make_input"
for tool in "$price" "$make_input" jq; do
  command -v "$tool" >/dev/null || { echo "price_best: $tool not found; build $build first" >&2; exit 66; }
done

data="${TMPDIR:-/tmp}/evt-bench/price-best-$items-$promotions-$carts"
mkdir -p "$data"
if [[ ! -s "$data/carts.jsonl" ]]; then
  echo "generating $data"
  "$make_input" "$data" "$items" "$promotions" "$carts" 20
  jq -c '.promotions |= [to_entries[] | .value + (if .key % 5 == 0 then {"exclusive": true} else {} end)]' \
    "$data/promotions.json" >"$data/promotions.tmp" && mv "$data/promotions.tmp" "$data/promotions.json"
fi
args=(quote --catalog "$data/catalog.json" --promotions "$data/promotions.json")
export XDG_CONFIG_HOME="$data/no-config"

# The best user+system microseconds of $runs runs of "$@" on the carts.
best_cpu_us() {
  local TIMEFORMAT='%3U %3S' i
  for ((i = 0; i < runs; i++)); do
    { time "$@" <"$data/carts.jsonl" >/dev/null; } 2>&1
  done | awk 'NR == 1 || $1 + $2 < cpu { cpu = $1 + $2 } END { printf "%d\n", cpu * 1e6 }'
}
per_cart() { awk -v us="$1" -v n="$carts" 'BEGIN { printf "%.1f", us / n }'; }

priority=$(best_cpu_us "$price" "${args[@]}" --strategy priority)
best=$(best_cpu_us "$price" "${args[@]}" --strategy best)
read -r mean max exhaustive cheaper < <("$price" "${args[@]}" --strategy best <"$data/carts.jsonl" |
  jq -r '.search | [.evaluated, (if .exhaustive then 1 else 0 end)] | @tsv' |
  awk '{ s += $1; if ($1 > m) m = $1; e += $2; n++ } END { printf "%.1f %d %d\n", s / n, m, e }')
cheaper=$(paste <("$price" "${args[@]}" --strategy priority <"$data/carts.jsonl" | jq .total) \
                <("$price" "${args[@]}" --strategy best <"$data/carts.jsonl" | jq .total) |
          awk '$2 > $1 { worse++ } $2 < $1 { c++ } END { if (worse) { print "WORSE"; exit 1 } print c + 0 }')
echo "best deal, $carts carts of 20 lines, $items items, $promotions promotions (1 in 5 exclusive):" \
     "priority $(per_cart "$priority") us/cart CPU, best $(per_cart "$best") us/cart CPU;" \
     "best/priority $(awk -v a="$best" -v b="$priority" 'BEGIN { if (b < 1) b = 1; printf "%.2f", a / b }');" \
     "combinations priced per cart: mean $mean, max $max; exhaustive $exhaustive/$carts;" \
     "cheaper than priority on $cheaper carts, never dearer; bound 1000 us/cart"
