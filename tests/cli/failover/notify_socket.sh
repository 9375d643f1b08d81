#!/usr/bin/env bash
# watch as a systemd Type=notify unit with WatchdogSec= (doc/design.md §13):
# on a datagram socket of the test's own, standing in for systemd's
# $NOTIFY_SOCKET, READY=1 arrives once the first decision is made on probes
# (its STATUS names 5g, not the primary the start state chose), WATCHDOG=1
# every WATCHDOG_USEC/2, and STOPPING=1 on SIGTERM. --textfile is rewritten
# while it runs, and promtool finds nothing in it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
PY=/usr/bin/python3

"$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as log:
    while True:
        log.write(s.recv(4096).decode().replace("\n", "|") + "\n")
        log.flush()' "$TMP/notify.sock" "$TMP/notify.log" &
started $!
for ((i = 0; i < 250; i++)); do [[ -S $TMP/notify.sock ]] && break; sleep 0.02; done
[[ -S $TMP/notify.sock ]] || fail "the test's notify socket did not appear"
touch "$TMP/notify.log"

# The primary's target refuses at once (nothing listens there): one failure
# takes it down and traffic goes to 5g.
CLOSED=$(free_port)
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t", "state_dir": "state"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:$CLOSED", "interval": "300ms", "timeout": "1s"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"], "rise": 1, "fall": 1},
                        {"name": "5g", "always_up": true}]}}
JSON

# WATCHDOG_PID must be the daemon's own pid: the shell's $$, kept by exec.
NOTIFY_SOCKET=$TMP/notify.sock WATCHDOG_USEC=1000000 bash -c 'export WATCHDOG_PID=$$; exec "$@"' _ \
  "$FAILOVER" watch --config "$TMP/event.json" --textfile "$TMP/failover.prom" >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH

# wait_notify PATTERN COUNT SECONDS: until COUNT lines of the log match.
wait_notify() {
  local i
  for ((i = 0; i < $3 * 50; i++)); do
    (($(grep -c -- "$1" "$TMP/notify.log") >= $2)) && return 0
    is_running $WATCH || fail "watch ended: $(cat "$TMP/watch.err")"
    sleep 0.02
  done
  fail "wanted $2 notifications matching $1 within $3 s, got: $(cat "$TMP/notify.log")"
}
wait_notify '^READY=1|STATUS=active: 5g$' 1 5
wait_record "$TMP/watch.jsonl" '.event == "switch" and .path == "5g"' 1 >/dev/null ||
  fail "READY=1 before the switch record: $(cat "$TMP/watch.jsonl")"
[[ $(grep -c '^READY=1' "$TMP/notify.log") == 1 ]] || fail "READY=1 more than once: $(cat "$TMP/notify.log")"
# 1 s of watchdog: a ping every 0.5 s, so at least two in 2 s.
wait_notify '^WATCHDOG=1$' 2 2

# The textfile: written whole, clean for promtool, rewritten as time goes on.
[[ -s $TMP/failover.prom ]] || fail "no textfile"
grep -qx 'evt_failover_active{path="5g"} 1' "$TMP/failover.prom" || fail "textfile: $(cat "$TMP/failover.prom")"
grep -qx 'evt_failover_path_healthy{path="primary"} 0' "$TMP/failover.prom" || fail "textfile: $(cat "$TMP/failover.prom")"
# One switch or two: whether the start state chose primary before its first probe failed.
switches=$(jq -s 'map(select(.event == "switch")) | length' "$TMP/watch.jsonl")
grep -qx "evt_failover_switches_total $switches" "$TMP/failover.prom" ||
  fail "textfile, after $switches switch records: $(cat "$TMP/failover.prom")"
promtool check metrics <"$TMP/failover.prom" >"$TMP/promtool.out" 2>&1 || fail "promtool: $(cat "$TMP/promtool.out")"
[[ ! -s $TMP/promtool.out ]] || fail "promtool: $(cat "$TMP/promtool.out")"
beat() { awk '/^evt_failover_watch_heartbeat_timestamp_seconds/ { print $2 }' "$TMP/failover.prom"; }
first=$(beat)
[[ -n $first ]] || fail "no heartbeat in the textfile: $(cat "$TMP/failover.prom")"
for ((i = 0; i < 150; i++)); do [[ $(beat) != "$first" ]] && break; sleep 0.02; done
[[ $(beat) != "$first" ]] || fail "the textfile was not rewritten within 3 s"

kill -TERM $WATCH
wait_exit $WATCH 10
expect_rc "watch after SIGTERM" 143
wait_notify '^STOPPING=1$' 1 1
[[ ! -s $TMP/watch.err ]] || fail "watch complained: $(cat "$TMP/watch.err")"
ls "$TMP"/failover.prom.tmp.* 2>/dev/null && fail "a temporary textfile was left behind"
echo "notify_socket: ok"
