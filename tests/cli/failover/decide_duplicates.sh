#!/usr/bin/env bash
# decide applies each probe result once and in order: a failed probe
# delivered three times does not reach fall 3, a record older than one
# already applied for its target is not applied, and both are counted on
# stderr at the end.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
STREAM="python3 $(dirname "$0")/probe_stream.py"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 3},
                        {"name": "local", "always_up": true}]}}
JSON
D=("$FAILOVER" decide --config "$TMP/event.json" --state-dir "$TMP/state")

# Rounds 0-1 answer, round 2 fails and arrives three times.
$STREAM 0 500 uplink=110 >"$TMP/a.jsonl"
{ cat "$TMP/a.jsonl"; tail -n 1 "$TMP/a.jsonl"; tail -n 1 "$TMP/a.jsonl"; } >"$TMP/dup.jsonl"
run "${D[@]}" <"$TMP/dup.jsonl"
expect_rc "decide with duplicates" 0
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["switch:primary"]' ]] ||
  fail "a duplicate counted toward fall: $(cat "$TMP/out")"
grep -q 'ignored 2 records: 2 "duplicate probe"' "$TMP/err" || fail "duplicates not counted: $(cat "$TMP/err")"

# Two more failures (rounds at 10.0 and 10.5) reach fall 3; then results
# from 9 s before, all answering, are stale and change nothing.
$STREAM 10 500 uplink=00 >"$TMP/b.jsonl"
$STREAM 1 500 uplink=1111 >"$TMP/old.jsonl"
cat "$TMP/b.jsonl" "$TMP/old.jsonl" >"$TMP/late.jsonl"
run "${D[@]}" <"$TMP/late.jsonl"
expect_rc "decide with stale records" 0
[[ $(jq -sc 'map(.event + ":" + .path)' "$TMP/out") == '["down:primary","switch:local"]' ]] ||
  fail "stale records applied: $(cat "$TMP/out")"
grep -q 'ignored 4 records: 4 "stale probe"' "$TMP/err" || fail "stale records not counted: $(cat "$TMP/err")"
run "$FAILOVER" status --json --config "$TMP/event.json" --state-dir "$TMP/state"
jq -se 'map(select(.path == "primary"))[0].up == false' "$TMP/out" >/dev/null || fail "status: $(cat "$TMP/out")"
echo "decide_duplicates: ok"
