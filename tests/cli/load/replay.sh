#!/usr/bin/env bash
# Replay of an access log with known bursts and gaps (make_access_log.py
# writes it with $request_time and prints the arrivals it put in each
# second) against nginx, at 1x and at 2x: the requests per second on the
# schedule (--raw's `intended`, counted per second from the first) match
# the log's. Printed: the largest absolute error per second; allowed: 2.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"
generator=$LOAD_HERE/make_access_log.py
[[ -f $generator ]] || fail "$generator is missing (written with evt-load's replay)"

start_ok_nginx
/usr/bin/python3 "$generator" "$TMP/access.log" >"$TMP/expected.txt" ||
  fail "make_access_log.py failed: $(cat "$TMP/expected.txt")"
[[ -s $TMP/access.log && -s $TMP/expected.txt ]] || fail "make_access_log.py wrote no log or no expected counts"

# compare EXPECTED_PER_LOG_SECOND ACTUAL SPEED: "max_abs_error seconds" of
# the actual per-second counts against the expected ones folded by SPEED.
compare() {
  python3 - "$@" <<'PY'
import sys
def read(path):
    counts = {}
    for line in open(path):
        if line.strip():
            second, count = line.split()
            counts[int(second)] = int(count)
    return counts
expected, actual, speed = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
folded = {}
for second, count in expected.items():
    folded[second // speed] = folded.get(second // speed, 0) + count
seconds = range(max(list(folded) + list(actual)) + 1)
errors = [abs(folded.get(s, 0) - actual.get(s, 0)) for s in seconds]
worst = max(range(len(errors)), key=errors.__getitem__)
print(max(errors), len(errors), worst, folded.get(worst, 0), actual.get(worst, 0))
PY
}

total=$(awk '{ n += $2 } END { print n }' "$TMP/expected.txt")
for speed in 1 2; do
  run "$LOAD" run "http://127.0.0.1:$PORT_ok" --replay "$TMP/access.log" --speed ${speed}x --duration 60s \
    --raw "$TMP/raw$speed.jsonl"
  expect_rc "replay at ${speed}x" 0
  expect_load_records "replay at ${speed}x" "$TMP/out"
  expect_load_records "--raw of the replay at ${speed}x" "$TMP/raw$speed.jsonl"
  s=$(summary "$TMP/out")
  per_second_counts "$TMP/raw$speed.jsonl" >"$TMP/actual$speed.txt"
  read -r max_error seconds worst want got < <(compare "$TMP/expected.txt" "$TMP/actual$speed.txt" $speed)
  printf 'replay %dx: %d requests over %d s: max absolute error %d requests/s (second %d: log %d, replay %d); sent %s, errors %s\n' \
    $speed "$total" "$seconds" "$max_error" "$worst" "$want" "$got" "$(field "$s" .sent)" "$(field "$s" '.errors | tojson')"
  [[ $(field "$s" .sent) == "$total" ]] || fail "${speed}x: sent $(field "$s" .sent) of the log's $total requests: $s"
  ((max_error <= 2)) || fail "${speed}x: second $worst has $got requests, the log $want: $(paste "$TMP/expected.txt" "$TMP/actual$speed.txt")"
done
