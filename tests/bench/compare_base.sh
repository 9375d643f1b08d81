#!/usr/bin/env bash
# Speed unchanged? This tree's evt-price and evt-probe against BASE_REF's,
# on the workloads of price_throughput.sh (carts/s, cold start) and
# probe_throughput.sh (probes/s against nginx), old and new alternately
# RUNS times so a neighbour's load hits both alike; prints each median and
# the median ratio new/old, then callgrind instruction counts (old, new,
# ratio) for one quote batch of evt-price.
#
#   tests/bench/compare_base.sh BASE_REF [BUILD_DIR=build]
#
# BASE_REF is built in a `git worktree` under a temp folder beside this
# tree (so a ccache base_dir that covers the tree covers it too) with the
# same compiler, build type and -Werror as BUILD_DIR (the same flags, so
# ccache hits), and removed afterwards.
# Environment: RUNS (5), CARTS (200000), ITEMS (10000), PROMOTIONS (500),
# PROBES (20000), BATCH (1000 carts for callgrind), JOBS (2),
# BASE_BIN (use this folder's evt-price/evt-probe instead of building).
# Without BASE_REF (as `make bench` calls every script) it does nothing.
set -euo pipefail
base_ref=${1:-}
build=${2:-build}
[[ -n $build ]] || build=build
if [[ -z $base_ref ]]; then
  echo "compare_base: no BASE_REF; skipped (make bench-base BASE=REF runs it)"
  exit 0
fi
runs=${RUNS:-5}
carts=${CARTS:-200000}
items=${ITEMS:-10000}
promotions=${PROMOTIONS:-500}
probes=${PROBES:-20000}
batch=${BATCH:-1000}
jobs=${JOBS:-2}
build=$(cd "$build" && pwd)
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
for tool in bin/evt-price bin/evt-probe tests/bench/price_make_input tests/bench/first_line_latency; do
  [[ -x $build/$tool ]] || { echo "compare_base: $build/$tool not found; build $build first" >&2; exit 66; }
done
for tool in nginx curl valgrind /usr/bin/time cmake ninja; do
  command -v "$tool" >/dev/null || { echo "compare_base: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done
base_sha=$(git -C "$repo" rev-parse --verify "$base_ref^{commit}")

work=$(mktemp -d "$(dirname "$repo")/.evt-compare-base.XXXXXX")
nginx_pid=
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  git -C "$repo" worktree remove --force "$work/tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The base binaries: the same compiler, build type and flags as the new build.
if [[ -n ${BASE_BIN:-} ]]; then
  old_bin=$(cd "$BASE_BIN" && pwd)
  echo "base: $base_ref = ${base_sha:0:12}, prebuilt in $old_bin"
else
  cache_var() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
  git -C "$repo" worktree add --detach "$work/tree" "$base_sha" >/dev/null 2>&1
  echo "base: $base_ref = ${base_sha:0:12}, building evt-price and evt-probe in $work/tree/build"
  started=$(date +%s)
  cmake -S "$work/tree" -B "$work/tree/build" -G Ninja -DCMAKE_BUILD_TYPE="$(cache_var CMAKE_BUILD_TYPE)" \
    -DCMAKE_CXX_COMPILER="$(cache_var CMAKE_CXX_COMPILER)" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DEVT_WERROR="$(cache_var EVT_WERROR)" >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; exit 70; }
  cmake --build "$work/tree/build" -j "$jobs" --target evt-price evt-probe >"$work/build.log" 2>&1 ||
    { tail -n 40 "$work/build.log" >&2; exit 70; }
  old_bin=$work/tree/build/bin
  echo "base: built in $(($(date +%s) - started)) s"
fi
new_bin=$build/bin
export XDG_CONFIG_HOME=$work/no-config  # the flags name everything

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# Price: price_throughput.sh's input (price_make_input, fixed seed).
data="${TMPDIR:-/tmp}/evt-bench/price-$items-$promotions-$carts"
mkdir -p "$data"
[[ -s $data/carts.jsonl ]] || "$build/tests/bench/price_make_input" "$data" "$items" "$promotions" "$carts" 20
head -n 1 "$data/carts.jsonl" >"$work/one.jsonl"
head -n "$batch" "$data/carts.jsonl" >"$work/batch.jsonl"
price_args=(quote --catalog "$data/catalog.json" --promotions "$data/promotions.json")
cmp -s <("$old_bin/evt-price" "${price_args[@]}" <"$work/batch.jsonl" | sed 's/"ts":"[^"]*"//') \
       <("$new_bin/evt-price" "${price_args[@]}" <"$work/batch.jsonl" | sed 's/"ts":"[^"]*"//') ||
  echo "compare_base: warning: old and new quote the batch differently" >&2

# price_run BIN: "CARTS_PER_CPU_S CARTS_PER_WALL_S COLD_MEDIAN_MS" for one run.
price_run() {
  local bin=$1 TIMEFORMAT='%3R %3U %3S' t cold
  t=$({ time "$bin/evt-price" "${price_args[@]}" <"$data/carts.jsonl" >/dev/null; } 2>&1)
  cold=$("$build/tests/bench/first_line_latency" 10 "$work/one.jsonl" "$bin/evt-price" "${price_args[@]}" | awk '{ print $4 }')
  awk -v n="$carts" -v t="$t" -v cold="$cold" 'BEGIN { split(t, f, " "); printf "%.0f %.0f %s\n", n / (f[2] + f[3]), n / f[1], cold }'
}

# Probe: probe_throughput.sh's workload, PROBES requests to nginx's /ok,
# 64 targets at once on fresh connections, pinned to one core.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
$( [[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);" )
worker_rlimit_nofile 8192;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location = /ok { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
url="http://127.0.0.1:$port/ok"
for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "$url" && break; sleep 0.05; done
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
per_target=$(((probes + 63) / 64))
urls=()
for ((i = 0; i < 64; i++)); do urls+=("$url"); done

# probe_run BIN: "PROBES_PER_CPU_S PROBES_PER_WALL_S" for one run.
probe_run() {
  local bin=$1 ok
  /usr/bin/time -f '%e %U %S' -o "$work/probe.time" "${pin[@]}" "$bin/evt-probe" http --json \
    --count "$per_target" --interval 0s --window 1000000 --concurrency 64 "${urls[@]}" >"$work/probe.out" || true
  ok=$(grep -c '"kind":"probe","v":1.*"ok":true' "$work/probe.out" || true)
  [[ $ok -eq $((per_target * 64)) ]] || echo "compare_base: warning: $bin/evt-probe: $ok of $((per_target * 64)) ok" >&2
  awk -v n="$((per_target * 64))" '{ printf "%.0f %.0f\n", n / ($2 + $3), n / $1 }' "$work/probe.time"
}

echo "runs: $runs, old and new alternately; price: $carts carts of 20 lines, $items items, $promotions promotions;" \
     "probe: $((per_target * 64)) probes at concurrency 64 (pinned: ${pin[*]:-no})"
: >"$work/price.old"; : >"$work/price.new"; : >"$work/probe.old"; : >"$work/probe.new"
for ((r = 1; r <= runs; r++)); do
  price_run "$old_bin" >>"$work/price.old"
  price_run "$new_bin" >>"$work/price.new"
  probe_run "$old_bin" >>"$work/probe.old"
  probe_run "$new_bin" >>"$work/probe.new"
  echo "run $r: price old/new $(tail -n1 "$work/price.old") / $(tail -n1 "$work/price.new");" \
       "probe old/new $(tail -n1 "$work/probe.old") / $(tail -n1 "$work/probe.new")"
done

# row NAME FILE_STEM COLUMN UNIT BETTER: the medians, their ratio, and
# whether new is at most 5 % worse than old in the direction that matters.
row() {
  local old new r
  old=$(awk -v c="$3" '{ print $c }' "$work/$2.old" | median)
  new=$(awk -v c="$3" '{ print $c }' "$work/$2.new" | median)
  r=$(ratio "$new" "$old")
  awk -v n="$1" -v o="$old" -v w="$new" -v r="$r" -v u="$4" -v b="$5" 'BEGIN {
    ok = (b == "higher") ? (r >= 0.95) : (r <= 1.05)
    printf "%-26s %12s %12s %8s  %s\n", n " (" u ")", o, w, r, ok ? "ok (at most 5 % worse)" : "WORSE by more than 5 %" }'
}
echo
printf '%-26s %12s %12s %8s\n' "median of $runs" old new new/old
row "price carts/s, CPU" price 1 "carts/s" higher
row "price carts/s, wall" price 2 "carts/s" higher
row "price cold start" price 3 "ms" lower
row "probe probes/s, CPU" probe 1 "probes/s" higher
row "probe probes/s, wall" probe 2 "probes/s" higher

# Instructions, which a neighbour's load does not change: one batch of
# BATCH carts, and one cart (start-up: loading the catalog and promotions),
# so the per-cart cost shows apart from the start.
instructions() {
  local out=$work/callgrind.out
  valgrind --tool=callgrind --callgrind-out-file="$out" "$1/evt-price" "${price_args[@]}" <"$2" >/dev/null 2>"$work/valgrind.log" ||
    { cat "$work/valgrind.log" >&2; exit 70; }
  sed -n 's/^summary: *//p' "$out"
}
old_batch=$(instructions "$old_bin" "$work/batch.jsonl")
new_batch=$(instructions "$new_bin" "$work/batch.jsonl")
old_one=$(instructions "$old_bin" "$work/one.jsonl")
new_one=$(instructions "$new_bin" "$work/one.jsonl")
echo
printf '%-34s %15s %15s %8s\n' "callgrind instructions (Ir)" old new new/old
printf '%-34s %15s %15s %8s\n' "quote batch of $batch carts" "$old_batch" "$new_batch" "$(ratio "$new_batch" "$old_batch")"
printf '%-34s %15s %15s %8s\n' "one cart (start-up)" "$old_one" "$new_one" "$(ratio "$new_one" "$old_one")"
per_old=$(((old_batch - old_one) / (batch - 1)))
per_new=$(((new_batch - new_one) / (batch - 1)))
printf '%-34s %15s %15s %8s\n' "per further cart" "$per_old" "$per_new" "$(ratio "$per_new" "$per_old")"
