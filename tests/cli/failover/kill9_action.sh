#!/usr/bin/env bash
# decide killed with -9 while a switch action runs: stdout held nothing
# the store lacks; the restart does not announce "down" again nor run
# on_down a second time, ends the orphaned action before running its own,
# and completes the switch.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
STREAM="python3 $(dirname "$0")/probe_stream.py"

mkdir -p "$TMP/bin"
# hook: logs "start HOOK PATH PID", notes "OVERLAP" when another instance
# still runs, sleeps in on_activate while $TMP/slow exists, logs "end ...".
cat >"$TMP/bin/hook" <<'SH'
#!/bin/sh
if [ -s "$FLAGS/running" ] && kill -0 "$(cat "$FLAGS/running")" 2>/dev/null; then echo OVERLAP >>"$HOOK_LOG"; fi
echo $$ >"$FLAGS/running"
echo "start $EVT_FAILOVER_HOOK $EVT_FAILOVER_PATH $$" >>"$HOOK_LOG"
if [ -e "$FLAGS/slow" ] && [ "$EVT_FAILOVER_HOOK" = on_activate ]; then
  sleep 60 &
  echo $! >"$FLAGS/sleep.pid"
  wait
fi
echo "end $EVT_FAILOVER_HOOK $EVT_FAILOVER_PATH" >>"$HOOK_LOG"
SH
chmod +x "$TMP/bin/hook"
export HOOK_LOG=$TMP/hooks.log FLAGS=$TMP

HOOK='[{"run": ["'$TMP/bin/hook'"], "timeout": "2m"}]'
cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2, "on_down": $HOOK},
   {"name": "5g", "targets": ["slice"], "on_activate": $HOOK},
   {"name": "local", "always_up": true}]}}
JSON
D=("$FAILOVER" decide --config "$TMP/event.json" --state-dir "$TMP/state")

touch "$TMP/slow"
mkfifo "$TMP/in"
"${D[@]}" <"$TMP/in" >"$TMP/live.jsonl" 2>"$TMP/live.err" &
DECIDE=$!
started $DECIDE
exec 3>"$TMP/in"
$STREAM 0 500 uplink=100 slice=1 >&3
for ((i = 0; i < 400; i++)); do  # 20 s: a loaded machine
  grep -q '^start on_activate 5g' "$HOOK_LOG" 2>/dev/null && [[ -s $TMP/sleep.pid ]] && break
  sleep 0.05
done
grep -q '^start on_activate 5g' "$HOOK_LOG" || fail "5g's on_activate never started: $(cat "$HOOK_LOG" "$TMP/live.err")"
ORPHAN=$(awk '/^start on_activate 5g/ {print $4}' "$HOOK_LOG")
ORPHAN_SLEEP=$(cat "$TMP/sleep.pid")
started "$ORPHAN"
started "$ORPHAN_SLEEP"
kill -KILL "$DECIDE"
wait_exit "$DECIDE" 10
exec 3>&-

# What was written is what was saved.
run "$FAILOVER" history --json --state-dir "$TMP/state"
expect_rc "history" 0
while IFS= read -r line; do
  grep -qxF -- "$line" "$TMP/out" || fail "on stdout but not in the store: $line (store: $(cat "$TMP/out"))"
done <"$TMP/live.jsonl"

# The restart, primary still down: the switch to 5g is done again, once.
rm "$TMP/slow"
$STREAM 10 500 uplink=000 slice=1 >"$TMP/b.jsonl"
run "${D[@]}" <"$TMP/b.jsonl"
expect_rc "decide after kill -9" 0
validate "$TMP/out"
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["switch:5g"]' ]] ||
  fail "after the restart: $(cat "$TMP/out") (before: $(cat "$TMP/live.jsonl"))"
grep -q "ended an action an earlier evt-failover left running" "$TMP/err" || fail "no word of the orphan: $(cat "$TMP/err")"
[[ $(grep -c '^start on_down primary' "$HOOK_LOG") -eq 1 ]] || fail "on_down ran again: $(cat "$HOOK_LOG")"
! grep -q OVERLAP "$HOOK_LOG" || fail "two instances of an action ran at once: $(cat "$HOOK_LOG")"
! is_running "$ORPHAN" && ! is_running "$ORPHAN_SLEEP" || fail "the orphaned action still runs"
grep -q '^end on_activate 5g' "$HOOK_LOG" || fail "the new on_activate did not complete: $(cat "$HOOK_LOG")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.active))[0].path == "5g"' "$TMP/out" >/dev/null || fail "status: $(cat "$TMP/out")"
echo "kill9_action: ok"
