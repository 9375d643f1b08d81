#!/usr/bin/env bash
# Time from a member's failure to its new weights applied in HAProxy by
# `evt-failover watch`, beside HAProxy's own health checks detecting the
# same failure with the same intervals, in one run: FREEZES times the
# cache backend is frozen (SIGSTOP: connections are still accepted, answers
# never come, the slow case), and one poller on the admin socket sees both
# (every 10 ms): HAProxy marking cache DOWN (srv_op_state 0), and the
# weights evt-failover set (cache 0, origin 1) read back from HAProxy;
# evt-failover's own `weights` records must say it verified them too.
# Printed: each freeze's two times and their ratio, and the median ratio
# (evt / HAProxy; 1 is level, below 1 evt is first).
#
# The same intervals: evt's target checks every 1s with a 500ms timeout,
# 500ms once failing (fast_interval), fall 2, rise 3; HAProxy's server
# `check inter 1s fastinter 500ms fall 2 rise 3` with `timeout check 500ms`
# and an HTTP check (a TCP check passes on a frozen process: the kernel
# accepts for it).
#
#   tests/bench/steering_failover.sh [FREEZES=10] [BUILD_DIR=build]
# A freeze starts at a random phase of the check cycle; the seed is printed
# and EVT_TEST_SEED replays it.
set -euo pipefail
freezes=${1:-10}
build=${2:-build}
[[ -z $freezes ]] && freezes=10
[[ "$freezes" =~ ^[1-9][0-9]*$ ]] || { echo "steering_failover: FREEZES must be a positive integer" >&2; exit 2; }
build=$(cd "$build" && pwd)
export EVT_BIN_DIR=$build/bin
[[ -x $EVT_BIN_DIR/evt-failover ]] || { echo "steering_failover: $EVT_BIN_DIR/evt-failover not found; build first" >&2; exit 66; }
for tool in haproxy jq /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "steering_failover: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done
# lib.sh: $TMP, cleanup of what was started, fail; haproxy_server.bash the peers.
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/../cli/failover/haproxy_server.bash"
seed=${EVT_TEST_SEED:-$RANDOM}
echo "steering_failover: seed $seed (EVT_TEST_SEED replays it)"

HA=$TMP/ha
SOCK=$HA/admin.sock
mkdir -p "$HA"
start_backend cache
start_backend origin
port=$(free_port)
{
  haproxy_global "$HA"
  cat <<CONF
  timeout check 500ms
frontend fe
  bind 127.0.0.1:$port
  default_backend reads
backend reads
  balance roundrobin
  option httpchk GET /ok
  default-server check inter 1s fastinter 500ms fall 2 rise 3
  server cache 127.0.0.1:$BACKEND_PORT_cache weight 7
  server origin 127.0.0.1:$BACKEND_PORT_origin weight 3
CONF
} >"$HA/haproxy.cfg"
start_haproxy "$HA"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "bench"},
 "probe": {"targets": {
   "cache-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_cache/ok", "interval": "1s", "timeout": "500ms"},
   "origin-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_origin/ok", "interval": "1s", "timeout": "500ms"}}},
 "failover": {"fast_interval": "500ms", "failback_after": "1s",
   "paths": [{"name": "primary", "targets": ["origin-health"]}],
   "routes": [{"name": "reads", "essential": false,
     "driver": {"type": "haproxy", "socket": "$SOCK", "backend": "reads"},
     "members": [{"name": "cache", "targets": ["cache-health"], "rise": 3, "fall": 2},
                 {"name": "origin", "targets": ["origin-health"], "rise": 3, "fall": 2}],
     "split": {"cache": 70, "origin": 30},
     "ramp": {"steps": [100], "hold": "1s"}}]}}
JSON
"$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" watch >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
started $!

/usr/bin/python3 - "$SOCK" "$BACKEND_PID_cache" "$freezes" "$seed" <<'PY'
import os, random, signal, socket, statistics, sys, time

sock, pid, freezes, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)

def servers():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(2)
    s.connect(sock)
    s.sendall(b"show servers state reads\n")
    out = b""
    while chunk := s.recv(65536):
        out += chunk
    rows = {}
    for line in out.decode().splitlines():
        f = line.split()
        if len(f) > 8 and f[0].isdigit():
            rows[f[3]] = (int(f[5]), int(f[7]))  # op_state, uweight
    return rows

def wait(what, test, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if test(servers()):
            return
        time.sleep(0.01)
    sys.exit("steering_failover: %s not seen within %d s" % (what, seconds))

steady = lambda r: r["cache"] == (2, 7) and r["origin"][1] == 3
wait("the split applied and both servers up (cache 7, origin 3)", steady, 30)
ratios = []
for n in range(1, freezes + 1):
    time.sleep(1 + rng.random())  # a random phase of the 1 s check cycle
    t0 = time.monotonic()
    os.kill(pid, signal.SIGSTOP)
    haproxy_ms = evt_ms = None
    end = t0 + 20
    while (haproxy_ms is None or evt_ms is None) and time.monotonic() < end:
        r = servers()
        now = (time.monotonic() - t0) * 1000
        if haproxy_ms is None and r["cache"][0] == 0:
            haproxy_ms = now
        if evt_ms is None and r["cache"][1] == 0 and r["origin"][1] > 0:
            evt_ms = now
        time.sleep(0.01)
    os.kill(pid, signal.SIGCONT)
    if haproxy_ms is None or evt_ms is None:
        sys.exit("steering_failover: freeze %d: HAProxy down at %s ms, evt weights at %s ms" % (n, haproxy_ms, evt_ms))
    ratios.append(evt_ms / haproxy_ms)
    print("freeze %2d: HAProxy's checks %5.0f ms, evt-failover's weights in HAProxy %5.0f ms, ratio %.2f"
          % (n, haproxy_ms, evt_ms, ratios[-1]), flush=True)
    wait("recovery (cache up in HAProxy, weight 7 again)", steady, 30)
print("median ratio evt/HAProxy over %d freezes: %.2f (min %.2f, max %.2f)"
      % (len(ratios), statistics.median(ratios), min(ratios), max(ratios)))
PY
jq -e -s 'map(select(.event == "weights")) | length > 0' "$TMP/watch.jsonl" >/dev/null ||
  fail "no weights records from watch: $(tail -5 "$TMP/watch.err")"
echo "weights records: $(jq -s 'map(select(.event == "weights")) | length' "$TMP/watch.jsonl"), of which verified: $(jq -s 'map(select(.event == "weights" and .verified == true)) | length' "$TMP/watch.jsonl")"
