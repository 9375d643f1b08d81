#!/usr/bin/env bash
# Open-loop pacing against nginx on loopback: 1,000 requests/s for 5 s.
# The achieved rate is within ±5 % of the target and the p99 schedule slip
# under 20 ms (the tight figures, ±1 % and 1 ms up to 20,000/s, are
# tests/bench/load_pacing.sh's). Registered RUN_SERIAL: a neighbour test's
# CPU would show up here as slip.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_ok_nginx
run "$LOAD" run "http://127.0.0.1:$PORT_ok/" --rate 1000 --duration 5s
expect_rc "1000/s for 5s" 0
expect_load_records "1000/s for 5s" "$TMP/out"
s=$(summary "$TMP/out")
windows=$(jq -c 'select(.kind == "load.window")' "$TMP/out" | wc -l)
read -r achieved slip_p99 slip_max sent completed errors p99 stopped < <(field "$s" \
  '[.achieved_rate, (.slip.p99_ms // 0), (.slip.max_ms // 0), .sent, .completed, (.errors | add // 0), .latency.p99_ms, .stopped] | @tsv')
printf 'pacing: target 1000/s for 5 s: achieved %.1f/s, slip p99 %.3f ms (max %.3f ms), sent %d, completed %d, errors %d, latency p99 %.3f ms, %d windows\n' \
  "$achieved" "$slip_p99" "$slip_max" "$sent" "$completed" "$errors" "$p99" "$windows"

[[ $stopped == "done" ]] || fail "stopped is \"$stopped\", expected \"done\": $s"
awk -v a="$achieved" 'BEGIN { exit !(a >= 950 && a <= 1050) }' ||
  fail "achieved rate $achieved/s is not within 5 % of 1000/s: $s"
awk -v p="$slip_p99" 'BEGIN { exit !(p < 20) }' || fail "p99 slip $slip_p99 ms is not under 20 ms: $s"
# The schedule, not the server, decides how many: 5 s at 1000/s.
((sent >= 4950 && sent <= 5050)) || fail "sent $sent requests, expected 5000 ± 50: $s"
((completed == sent && errors == 0)) || fail "nginx answers everything, yet completed $completed of $sent, $errors errors: $s"
((windows >= 5 && windows <= 6)) || fail "$windows load.window records for a 5 s run, expected one a second: $(cat "$TMP/out")"
field "$s" '.target_rate' | awk '{ exit !($1 > 999 && $1 < 1001) }' || fail "target_rate (averaged over the run) is not 1000: $s"
