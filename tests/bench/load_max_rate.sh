#!/usr/bin/env bash
# evt-load's highest request rate on one core against nginx (keep-alive,
# `return 200`), beside wrk -t1, hey and autocannon at 50 connections on the
# same server in the same run, and evt-load's peak RSS at 20,000/s.
#
#   tests/bench/load_max_rate.sh [SECONDS=5] [BUILD_DIR=build]
#
# evt-load is open-loop, so its ceiling is measured as what it achieves
# when asked for far more than it can send (200,000/s) with at most 50 in
# flight, the same bound as the others' 50 connections; what it could not
# send shows as held back, not as a slower schedule. Every client runs on
# core 1 (taskset), nginx on core 0. The aims: ahead of hey and
# autocannon, 0.5x of wrk, RSS under 50 MB at 20,000/s. Below the aims, the
# profile of evt-load's ceiling run says where its time goes (perf, when
# the kernel lets it record).
set -euo pipefail
seconds=${1:-5}
build=${2:-build}
[[ -z $seconds ]] && seconds=5
[[ -z $build ]] && build=build
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "load_max_rate: SECONDS must be a positive integer" >&2; exit 2; }
load="$build/bin/evt-load"
[[ -x $load ]] || { echo "load_max_rate: $load not found; build $build first" >&2; exit 66; }
for tool in nginx curl jq node wrk hey /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "load_max_rate: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done
source "$(dirname "$0")/load_nginx.bash"
[[ -x $autocannon_bin ]] || { echo "load_max_rate: $autocannon_bin not found (scripts/install-deps.sh bench)" >&2; exit 69; }
start_bench_nginx

# Where the time goes: CPU against wall time (a client that waits rather
# than computes is capped by its loop, not by its code), and with perf the
# hottest libraries and functions.
profile=()
if command -v perf >/dev/null && perf record -q -o /dev/null true 2>/dev/null; then
  profile=(perf record -q -F 999 -g -o "$bench_tmp/perf.data" --)
fi
/usr/bin/time -f '%e %U %S' -o "$bench_tmp/load.time" "${profile[@]}" "${client_pin[@]}" "$load" run "$BENCH_URL" \
  --rate 200000 --duration ${seconds}s --max-in-flight 50 --max-requests $((200000 * seconds)) \
  >"$bench_tmp/load.out" 2>"$bench_tmp/load.err" || true
evt=$(jq -r 'select(.kind == "load.summary") | .completed / (.duration_ms / 1000)' "$bench_tmp/load.out" 2>/dev/null || true)
[[ -n $evt ]] || { echo "load_max_rate: evt-load wrote no summary: $(head -c 300 "$bench_tmp/load.err")" >&2; exit 1; }

"${client_pin[@]}" wrk -t1 -c50 -d${seconds}s "$BENCH_URL" >"$bench_tmp/wrk.out" 2>&1
wrk_rate=$(awk '/^Requests\/sec:/ { print $2 }' "$bench_tmp/wrk.out")
"${client_pin[@]}" hey -c 50 -z ${seconds}s "$BENCH_URL" >"$bench_tmp/hey.out" 2>&1
hey_rate=$(awk '/Requests\/sec:/ { print $2 }' "$bench_tmp/hey.out")
"${client_pin[@]}" "${autocannon[@]}" -c 50 -d $seconds --json "$BENCH_URL" >"$bench_tmp/ac.json" 2>/dev/null
ac_rate=$(jq -r '.requests.average' "$bench_tmp/ac.json")

# Peak RSS at the target rate of 20,000/s.
/usr/bin/time -f '%M' -o "$bench_tmp/rss" "${client_pin[@]}" "$load" run "$BENCH_URL" --rate 20000 \
  --duration ${seconds}s --max-in-flight 1000 >"$bench_tmp/load20k.out" 2>"$bench_tmp/load20k.err" || true
rss_kb=$(tail -1 "$bench_tmp/rss")
achieved20k=$(jq -r 'select(.kind == "load.summary") | .achieved_rate' "$bench_tmp/load20k.out" 2>/dev/null || echo "?")

awk -v e="$evt" -v w="$wrk_rate" -v h="$hey_rate" -v a="$ac_rate" -v rss="$rss_kb" -v a20="$achieved20k" \
    -v s="$seconds" -v pin="${client_pin[*]:-no}" 'BEGIN {
  printf "max rate, %d s each, 50 in flight, client pinned: %s\n", s, pin
  printf "evt-load   %9.0f req/s\n", e
  printf "wrk -t1    %9.0f req/s   evt-load/wrk        %.2fx (aim 0.5x)\n", w, e / w
  printf "hey        %9.0f req/s   evt-load/hey        %.2fx (aim > 1)\n", h, e / h
  printf "autocannon %9.0f req/s   evt-load/autocannon %.2fx (aim > 1)\n", a, e / a
  printf "evt-load at 20000/s: achieved %s/s, peak RSS %.1f MB (aim < 50 MB)\n", a20, rss / 1024
}'
read -r wall user sys <"$bench_tmp/load.time"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
  printf "evt-load at its ceiling: %.2f s wall, %.2f s user + %.2f s sys = %.0f %% of one core\n", w, u, s, 100 * (u + s) / w }'
if [[ -f $bench_tmp/perf.data ]]; then
  echo "where evt-load's CPU time goes (perf, by library, then the top functions):"
  perf report -i "$bench_tmp/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | sed 's/ *$//' | head -6
  perf report -i "$bench_tmp/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' | sed -E 's/ +- +- *$//; s/ *$//' | head -12
fi
