#!/usr/bin/env bash
# watch runs actions beside its loop: while 5g's on_activate hangs, 5g's
# own failure is still probed, detected and written, within the normal
# bound (printed), and once the action ends traffic moves on to local.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

mkdir -p "$TMP/bin"
cat >"$TMP/bin/hang" <<'SH'
#!/bin/sh
echo "start $EVT_FAILOVER_HOOK $EVT_FAILOVER_PATH" >>"$HOOK_LOG"
while [ ! -e "$FLAGS/let-go" ]; do sleep 0.1; done
echo "end $EVT_FAILOVER_HOOK $EVT_FAILOVER_PATH" >>"$HOOK_LOG"
SH
chmod +x "$TMP/bin/hang"
export HOOK_LOG=$TMP/hooks.log FLAGS=$TMP

# 5g's target: a listener on loopback, stopped to fail 5g.
P5G=$(free_port)
python3 -c 'import socket,sys,time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
while True: s.accept()[0].close()' "$P5G" &
LISTENER=$!
started $LISTENER
wait_listening "$P5G"
CLOSED=$(free_port)  # the primary's: nothing listens there

INTERVAL_MS=500 FAST_MS=200 TIMEOUT_MS=1000 FALL=2
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {
   "uplink": {"check": "tcp", "address": "127.0.0.1:$CLOSED", "interval": "${INTERVAL_MS}ms", "timeout": "${TIMEOUT_MS}ms"},
   "slice": {"check": "tcp", "address": "127.0.0.1:$P5G", "interval": "${INTERVAL_MS}ms", "timeout": "${TIMEOUT_MS}ms"}}},
 "failover": {"fast_interval": "${FAST_MS}ms", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": $FALL},
   {"name": "5g", "targets": ["slice"], "rise": 2, "fall": $FALL,
    "on_activate": [{"run": ["$TMP/bin/hang"], "timeout": "30s", "retries": 0}]},
   {"name": "local", "always_up": true}]}}
JSON

OUT=$TMP/watch.jsonl
"$FAILOVER" watch --config "$TMP/event.json" --state-dir "$TMP/state" >>"$OUT" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH
for ((i = 0; i < 400; i++)); do  # 20 s: a loaded machine
  grep -q '^start on_activate 5g' "$HOOK_LOG" 2>/dev/null && break
  sleep 0.05
done
grep -q '^start on_activate 5g' "$HOOK_LOG" || fail "5g's on_activate never began: $(cat "$OUT" "$TMP/watch.err")"

kill -KILL "$LISTENER"
T0=$(now_ms)
record=$(wait_record "$OUT" '.event == "down" and .path == "5g"' 10) ||
  fail "5g's failure not written while its on_activate hangs: $(cat "$OUT")"
elapsed=$(($(now_ms) - T0))
BOUND=$((INTERVAL_MS + FALL * (FAST_MS + TIMEOUT_MS)))
echo "5g down after ${elapsed} ms while its on_activate hangs (bound interval + fall * (fast_interval + timeout) = ${BOUND} ms)"
! grep -q '^end' "$HOOK_LOG" || fail "the action ended before 5g's failure was written"
jq -e '.active != "5g"' <<<"$record" >/dev/null || fail "the down record claims a switch not done: $record"

touch "$TMP/let-go"
wait_record "$OUT" '.event == "switch" and .path == "local"' 20 >/dev/null ||
  fail "no switch to local after the action: $(cat "$OUT")"
validate "$OUT"
jq -se 'map(.event + ":" + .path) | index("down:5g") < index("switch:5g") and index("switch:5g") < index("switch:local")' \
  "$OUT" >/dev/null || fail "records: $(cat "$OUT")"
kill -TERM "$WATCH"
wait_exit "$WATCH" 10
expect_rc "watch after SIGTERM" 143
echo "watch_hanging_action: ok"
