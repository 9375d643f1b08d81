#!/usr/bin/env bash
# evt-load's open-loop pacing at 1,000, 5,000 and 20,000 requests/s against
# nginx on loopback, beside `autocannon -R` (npm) at the same rates on the
# same server in the same run.
#
#   tests/bench/load_pacing.sh [SECONDS=10] [BUILD_DIR=build]
#
# The aim: evt-load's achieved rate within ±1 % of the target and its p99
# schedule slip under 1 ms. autocannon's -R is a rate limit on a closed
# loop of connections (100 here), not a schedule: it sends in bursts and
# measures from the actual send, so it has no slip to show; printed are its
# achieved rate and latency. evt-load and autocannon run pinned to core 1,
# nginx to core 0, when there are two cores. Prints PASS/MISS per rate;
# the exit status is 0 unless something could not run.
set -euo pipefail
seconds=${1:-10}
build=${2:-build}
[[ -z $seconds ]] && seconds=10
[[ -z $build ]] && build=build
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "load_pacing: SECONDS must be a positive integer" >&2; exit 2; }
load="$build/bin/evt-load"
[[ -x $load ]] || { echo "load_pacing: $load not found; build $build first" >&2; exit 66; }
for tool in nginx curl jq node; do
  command -v "$tool" >/dev/null || { echo "load_pacing: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done
source "$(dirname "$0")/load_nginx.bash"
[[ -x $autocannon_bin ]] || { echo "load_pacing: $autocannon_bin not found (scripts/install-deps.sh bench)" >&2; exit 69; }
start_bench_nginx

printf 'pacing for %d s per rate against nginx on loopback (client pinned: %s)\n' "$seconds" "${client_pin[*]:-no}"
printf '%-10s | %-58s | %s\n' "target/s" "evt-load: achieved, slip p99/max, latency p99" "autocannon -R: achieved, latency p99"
for rate in 1000 5000 20000; do
  "${client_pin[@]}" "$load" run "$BENCH_URL" --rate $rate --duration ${seconds}s --max-in-flight 1000 \
    >"$bench_tmp/load.out" 2>"$bench_tmp/load.err" || true
  summary=$(jq -c 'select(.kind == "load.summary")' "$bench_tmp/load.out" 2>/dev/null || true)
  if [[ -z $summary ]]; then
    evt="no summary: $(head -c 200 "$bench_tmp/load.err")"
  else
    evt=$(jq -r --argjson r $rate '
      (.achieved_rate / $r - 1) as $off |
      "\(.achieved_rate | . * 10 | round / 10)/s (\($off * 1000 | round / 10) %), slip \((.slip.p99_ms // 0))/\((.slip.max_ms // 0)) ms, p99 \(.latency.p99_ms) ms " +
      (if ($off | fabs) <= 0.01 and (.slip.p99_ms // 0) < 1 then "PASS" else "MISS" end)' <<<"$summary")
  fi
  "${client_pin[@]}" "${autocannon[@]}" -R $rate -c 100 -d $seconds --json "$BENCH_URL" \
    >"$bench_tmp/ac.json" 2>/dev/null || true
  ac=$(jq -r '"\(.requests.average)/s, p99 \(.latency.p99) ms, errors \(.errors)"' "$bench_tmp/ac.json" 2>/dev/null ||
    echo "autocannon failed")
  printf '%-10s | %-58s | %s\n' "$rate" "$evt" "$ac"
done
