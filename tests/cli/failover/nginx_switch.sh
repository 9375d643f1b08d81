#!/usr/bin/env bash
# End to end: `evt-failover watch` over two real nginx instances on
# loopback, primary and fallback. Measures and prints the switch time, and
# fails above 5 s, when the primary is (a) stopped (connection refused) and
# (b) frozen with SIGSTOP (probes time out: the slow case). After each
# recovery, failback happens after failback_after and not before.
#
# The arithmetic of (b), with interval 2s, timeout 1s, fast_interval
# 500ms, fall 2: the freeze comes just after a good probe at worst; the
# next starts 2 s after that one and times out 1 s later (health drops
# below the top, so the next is at the fast interval), and the second
# times out 0.5 + 1 s after that: 2 + 1 + 0.5 + 1 = 4.5 s, plus the actions.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

P1=$(free_port)
P2=$(free_port)
start_nginx primary "$P1"
start_nginx fallback "$P2"
FAILBACK_MS=6000

cat >"$TMP/upstream.tmpl" <<'TMPL'
upstream app { server {{upstream}}; }  # {{path}}
TMPL
cat >"$TMP/event.json" <<JSON
{"site": {"name": "e2e"},
 "probe": {"targets": {
   "uplink": {"check": "http", "url": "http://127.0.0.1:$P1/ok", "interval": "2s", "timeout": "1s"},
   "backup": {"check": "http", "url": "http://127.0.0.1:$P2/ok", "interval": "2s", "timeout": "1s"}}},
 "failover": {"fast_interval": "500ms", "failback_after": "6s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 3, "fall": 2, "vars": {"upstream": "127.0.0.1:$P1"},
    "on_activate": [{"template": "upstream.tmpl", "write": "upstream.conf"}]},
   {"name": "fallback", "targets": ["backup"], "rise": 3, "fall": 2, "vars": {"upstream": "127.0.0.1:$P2"},
    "on_activate": [{"template": "upstream.tmpl", "write": "upstream.conf"}]}]}}
JSON

OUT=$TMP/watch.jsonl
"$FAILOVER" watch --config "$TMP/event.json" --state-dir "$TMP/state" >>"$OUT" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH
wait_record "$OUT" '.event == "switch" and .path == "primary"' 10 >/dev/null ||
  fail "no start on primary: $(cat "$OUT" "$TMP/watch.err")"
grep -q "127.0.0.1:$P1" "$TMP/upstream.conf" || fail "upstream.conf not written for primary"

# switch_after CASE: waits for the switch to fallback, prints the time
# since $T0 and fails above 5 s.
switch_after() {
  local record elapsed
  record=$(wait_record "$OUT" '.event == "switch" and .path == "fallback"' 8) ||
    fail "$1: no switch to fallback within 8 s: $(cat "$OUT")"
  elapsed=$(($(now_ms) - T0))
  echo "switch time, primary $1: ${elapsed} ms ($(jq -r .reason <<<"$record"))"
  ((elapsed <= 5000)) || fail "$1: switch took ${elapsed} ms, over 5 s"
  grep -q "127.0.0.1:$P2" "$TMP/upstream.conf" || fail "$1: upstream.conf not rewritten for fallback"
}

# failback_checked CASE: the primary is serving again; waits for it to be
# up, then for the failback, which must come failback_after later, not before.
failback_checked() {
  local up back up_at back_at
  up=$(wait_record "$OUT" '.event == "up" and .path == "primary"' 10) || fail "$1: primary not up again: $(cat "$OUT")"
  back=$(wait_record "$OUT" '.event == "switch" and .path == "primary" and .previous == "fallback"' 12) ||
    fail "$1: no failback: $(cat "$OUT")"
  up_at=$(date -d "$(jq -r .detected_at <<<"$up")" +%s%3N)
  back_at=$(date -d "$(jq -r .detected_at <<<"$back")" +%s%3N)
  echo "failback after primary up, $1: $((back_at - up_at)) ms (failback_after ${FAILBACK_MS} ms)"
  ((back_at - up_at >= FAILBACK_MS)) || fail "$1: failback after $((back_at - up_at)) ms, before failback_after"
  ((back_at - up_at <= FAILBACK_MS + 1000)) || fail "$1: failback $((back_at - up_at)) ms after up, too late"
  grep -q "127.0.0.1:$P1" "$TMP/upstream.conf" || fail "$1: upstream.conf not rewritten for primary"
}

# Let it settle on a steady interval, then (a): stop the primary.
sleep 2.3
T0=$(now_ms)
kill -KILL "$NGINX_primary"
switch_after "stopped"
start_nginx primary "$P1"
failback_checked "stopped"
# Rotate the output (watch appends to it), so the records of (b) are the
# only ones matched.
cp "$OUT" "$TMP/watch-a.jsonl"
: >"$OUT"

sleep 1.3
T0=$(now_ms)
kill -STOP "$NGINX_primary"
switch_after "frozen (SIGSTOP)"
jq -se 'map(select(.event == "down" and .path == "primary"))[0].reason | test("timeout")' "$OUT" >/dev/null ||
  fail "frozen: the down reason should name the timeout: $(cat "$OUT")"
kill -CONT "$NGINX_primary"
failback_checked "frozen"

kill -TERM "$WATCH"
wait_exit "$WATCH" 10
expect_rc "watch after SIGTERM" 143
cat "$TMP/watch-a.jsonl" "$OUT" >"$TMP/all.jsonl"
validate "$TMP/all.jsonl"
# The state was saved: status shows primary active.
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "status" 0
jq -se 'map(select(.active)) | length == 1 and .[0].path == "primary"' "$TMP/out" >/dev/null ||
  fail "status: $(cat "$TMP/out")"
echo "nginx_switch: ok"
