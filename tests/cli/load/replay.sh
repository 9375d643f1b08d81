#!/usr/bin/env bash
# Replay of an access log with known bursts and gaps against nginx, at 1x
# and at 2x. make_access_log.py writes the combined log (with
# $request_time, out-of-order completions and a few POSTs) and, per speed,
# the requests due in each second of the replay; the requests per second on
# evt-load's schedule (--raw's `intended`, counted per second from the
# first) must match. Printed: the largest absolute error per second;
# allowed: 2. The POSTs are not sent (no --allow-unsafe). The log's
# randomness replays from EVT_TEST_SEED.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

seed=${EVT_TEST_SEED:-$RANDOM}
echo "replay: seed $seed (EVT_TEST_SEED=$seed replays it)"
# 8 s of log: steady traffic, bursts of 150 and 200 in one second, a gap.
pattern=steady:2@20,burst:1@150,gap:2,steady:1@10,burst:1@200,steady:1@30
/usr/bin/python3 "$LOAD_HERE/make_access_log.py" --seed "$seed" --log "$TMP/access.log" \
  --expected "$TMP/expected.json" --pattern "$pattern" --speeds 1,2 --unsafe 5 ||
  fail "make_access_log.py failed"
total=$(jq .requests "$TMP/expected.json")
start_ok_nginx

# compare SPEED: "max_abs_error seconds worst_second expected actual" for
# the replay at SPEED against the log's series.
compare() {
  python3 - "$TMP/expected.json" "$TMP/actual$1.txt" "$1x" <<'PY'
import json, sys
expected = json.load(open(sys.argv[1]))["series"][sys.argv[3]]
actual = {}
for line in open(sys.argv[2]):
    second, count = line.split()
    actual[int(second)] = int(count)
seconds = range(max(len(expected), max(actual, default=-1) + 1))
errors = [abs((expected[s] if s < len(expected) else 0) - actual.get(s, 0)) for s in seconds]
worst = max(seconds, key=errors.__getitem__)
print(errors[worst], len(errors), worst, expected[worst] if worst < len(expected) else 0, actual.get(worst, 0))
PY
}

for speed in 1 2; do
  run "$LOAD" run "http://127.0.0.1:$PORT_ok" --replay "$TMP/access.log" --speed ${speed}x --raw "$TMP/raw$speed.jsonl"
  expect_rc "replay at ${speed}x" 0
  expect_load_records "replay at ${speed}x" "$TMP/out"
  expect_load_records "--raw of the replay at ${speed}x" "$TMP/raw$speed.jsonl"
  s=$(summary "$TMP/out")
  per_second_counts "$TMP/raw$speed.jsonl" >"$TMP/actual$speed.txt"
  read -r max_error seconds worst want got < <(compare $speed)
  posts=$(jq -s 'map(select(.kind == "load.request" and .method != "GET")) | length' "$TMP/raw$speed.jsonl")
  printf 'replay %dx: %d GETs over %d s: max absolute error %d requests/s (second %d: log %d, replay %d); sent %s, non-GET sent %d, errors %s\n' \
    $speed "$total" "$seconds" "$max_error" "$worst" "$want" "$got" "$(field "$s" .sent)" "$posts" "$(field "$s" '.errors | tojson')"
  [[ $(field "$s" .sent) == "$total" ]] || fail "${speed}x: sent $(field "$s" .sent) of the log's $total GETs: $s"
  ((posts == 0)) || fail "${speed}x: $posts POSTs replayed without --allow-unsafe"
  ((max_error <= 2)) || fail "${speed}x: second $worst has $got requests, the log $want: $(jq -c ".series[\"${speed}x\"]" "$TMP/expected.json") vs $(cut -d' ' -f2 "$TMP/actual$speed.txt" | tr '\n' ' ')"
done
