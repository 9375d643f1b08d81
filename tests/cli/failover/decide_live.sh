#!/usr/bin/env bash
# decide in a live pipe: each failover record is out as soon as it is
# decided (flushed per record, the input still open), a force requested
# meanwhile is applied by the running decider, and SIGTERM ends it with 143
# after saving the state.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
STREAM="python3 $(dirname "$0")/probe_stream.py"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2},
                        {"name": "local", "always_up": true}]}}
JSON
mkfifo "$TMP/in"
"$FAILOVER" decide --config "$TMP/event.json" --state-dir "$TMP/state" <"$TMP/in" >"$TMP/live.jsonl" 2>"$TMP/live.err" &
DECIDE=$!
started $DECIDE
exec 3>"$TMP/in"
$STREAM 0 500 uplink=100 >&3
wait_record "$TMP/live.jsonl" '.event == "switch" and .path == "local"' 5 >/dev/null ||
  fail "no switch while the input is open: $(cat "$TMP/live.jsonl" "$TMP/live.err")"

run "$FAILOVER" force primary --for 1m --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "force" 0
sleep 0.6  # requests are looked at twice a second
$STREAM 5 500 uplink=0 >&3
wait_record "$TMP/live.jsonl" '.event == "switch" and .path == "primary" and (.reason | startswith("forced"))' 5 \
  >/dev/null || fail "force not applied by the running decider: $(cat "$TMP/live.jsonl")"

kill -TERM "$DECIDE"
wait_exit "$DECIDE" 10
expect_rc "decide after SIGTERM" 143
exec 3>&-
validate "$TMP/live.jsonl"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.active))[0] | .path == "primary" and has("forced_until")' "$TMP/out" >/dev/null ||
  fail "state after SIGTERM: $(cat "$TMP/out")"
echo "decide_live: ok"
