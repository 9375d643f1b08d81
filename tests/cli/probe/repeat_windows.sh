#!/usr/bin/env bash
# Repetition: --count/--interval/--window, per-record flush, the fast
# interval after failures, SIGINT; and jitter through a delaying proxy
# (this kernel has no tc netem).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_http_server web
base=http://127.0.0.1:$PORT_web

# 7 attempts with a window of 3: windows after 3, 6, and the 1 left over.
run "$PROBE" http --count 7 --interval 20ms --window 3 "$base/ok"
expect_rc "--count 7" 0
validate "$TMP/out"
[[ $(jq -r '.kind' "$TMP/out" | tr '\n' ' ') == "probe probe probe probe.window probe probe probe probe.window probe probe.window " ]] ||
  fail "record order: $(jq -r .kind "$TMP/out" | tr '\n' ' ')"
[[ $(jq -s 'map(select(.kind == "probe") | .attempt) | join(",")' "$TMP/out") == '"1,2,3,4,5,6,7"' ]] ||
  fail "attempts: $(cat "$TMP/out")"
[[ $(jq -s 'map(select(.kind == "probe.window") | .sent) | join(",")' "$TMP/out") == '"3,3,1"' ]] ||
  fail "window sizes: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "probe.window"))[0] | .lost == 0 and .loss == 0 and .min_ms <= .p50_ms and
        .p50_ms <= .p95_ms and .p95_ms <= .max_ms and .jitter_ms >= 0 and .mean_abs_diff_ms >= 0' "$TMP/out" >/dev/null ||
  fail "window figures: $(cat "$TMP/out")"

# Loss: a target that always fails is all lost, and is re-probed at the
# fast interval (6 attempts at 50 ms take far less than 6 x 1 s).
port=$(free_port)
start=$(date +%s%N)
run "$PROBE" tcp --count 6 --interval 1s --fast-interval 50ms --window 6 "127.0.0.1:$port"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc "failing target" 1
jq -se 'map(select(.kind == "probe.window"))[0] | .sent == 6 and .lost == 6 and .loss == 1 and
        (has("p50_ms") | not)' "$TMP/out" >/dev/null || fail "all lost: $(cat "$TMP/out")"
((elapsed_ms < 2500)) || fail "the fast interval was not used: 6 attempts took $elapsed_ms ms"

# Each record is flushed as it is made: the first is readable while the
# probe is still running.
# A script starts `cmd &` with SIGINT ignored; give the probe the default back.
env --default-signal=INT,TERM "$PROBE" http --interval 300ms --count 40 "$base/ok" >"$TMP/live" 2>"$TMP/live.err" &
pid=$!
started $pid
wait_lines "$TMP/live" 1 5
is_running $pid || fail "ended too early"
# SIGINT: the current record is finished, the window so far is written, exit 130.
kill -INT $pid
wait_exit $pid 5
[[ $RC -eq 130 ]] || fail "SIGINT: exit $RC, expected 130; $(cat "$TMP/live.err")"
expect_json_lines "after SIGINT" "$TMP/live"
validate "$TMP/live"
[[ $(tail -n1 "$TMP/live" | jq -r .kind) == probe.window ]] || fail "no window after SIGINT: $(cat "$TMP/live")"

# Two targets are not probed in lockstep: their first attempts are spread
# over the interval.
run "$PROBE" http --count 2 --interval 400ms "$base/ok" "$base/headers"
jq -se '[map(select(.kind == "probe" and .attempt == 1))[] | .ts | sub("Z$"; "") | split(":")[2] | tonumber] |
        (.[1] - .[0]) | fabs >= 0.15' "$TMP/out" >/dev/null || fail "lockstep: $(cat "$TMP/out")"

# Jitter: every request delayed by uniform(20, 80) ms. For independent
# uniform delays E|X - Y| = (80 - 20) / 3 = 20 ms; 60 samples put the mean
# absolute difference within 20 +/- 8 ms (about 3 standard errors), the
# RFC 3550 estimate (an average over ~16 samples) within 5..45 ms, and every
# total between 20 ms and 80 ms plus loopback overhead (up to 170 ms of it:
# a neighbouring build can hold the delaying proxy off the CPU).
start_delay_proxy "$PORT_web" 20 80 7
run "$PROBE" http --count 60 --interval 0s --window 60 "http://127.0.0.1:$PORT_proxy/ok"
expect_rc "through the delaying proxy" 0
validate "$TMP/out"
jq -se 'map(select(.kind == "probe.window"))[0] | .sent == 60 and .loss == 0 and
        .min_ms >= 20 and .max_ms < 250 and .p50_ms > 35 and .p50_ms < 70 and
        .mean_abs_diff_ms > 12 and .mean_abs_diff_ms < 28 and .jitter_ms > 5 and .jitter_ms < 45' \
  "$TMP/out" >/dev/null || fail "jitter window: $(tail -n1 "$TMP/out")"
echo "repeat_windows: ok"
