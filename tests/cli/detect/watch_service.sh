#!/usr/bin/env bash
# run --watch as a service: it follows a growing file, writes an anomaly
# record as soon as the outage raises (records are flushed one by one),
# keeps a heartbeat in site.db while it runs, rewrites its textfile, and
# ends on SIGTERM with 143.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
mkdir -p "$EVT_STATE_DIR"

$STREAM --samples 340 --outage 300:340 >"$TMP/all.jsonl"
head -n 200 "$TMP/all.jsonl" >"$TMP/growing.jsonl"
"$DETECT" run --config "$CONFIG" --json --watch --interval 100ms --textfile "$TMP/detect.prom" \
  "$TMP/growing.jsonl" >"$TMP/watch.out" 2>"$TMP/watch.err" &
pid=$!
started $pid
sleep 1
[[ ! -s $TMP/watch.out ]] || fail "raised before the outage: $(cat "$TMP/watch.out")"
sqlite3 "$EVT_STATE_DIR/site.db" 'select daemon from heartbeat' 2>/dev/null | grep -q 'detect run' ||
  fail "no heartbeat for detect run in site.db"
tail -n +201 "$TMP/all.jsonl" >>"$TMP/growing.jsonl"
wait_lines "$TMP/watch.out" 1 10
printf 'watch: %s\n' "$(edges "$TMP/watch.out")"
[[ $(edges "$TMP/watch.out") =~ ^raise@30[1-3]$ ]] || fail "the followed outage did not raise: $(cat "$TMP/watch.out")"
for ((i = 0; i < 50; i++)); do grep -q 'evt_detect_raised.* 1$' "$TMP/detect.prom" 2>/dev/null && break; sleep 0.1; done
grep -q 'evt_detect_raised.* 1$' "$TMP/detect.prom" || fail "the textfile does not show the raise: $(cat "$TMP/detect.prom")"
kill -TERM $pid
wait_exit $pid 10
expect_rc "SIGTERM" 143
