#!/usr/bin/env bash
# failover.path's recent_ms: decide keeps each path's latest 30 answered
# latencies in its store and status reports them, oldest first, for evt
# status's sparklines; a failed probe adds none; the table draws them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"], "rise": 1, "fall": 3},
                        {"name": "local", "always_up": true}]}}
JSON
F=("$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state")

# 40 answers at 1..40 ms, each second; the 35th fails.
jq -cn 'range(1; 41) as $i | {kind: "probe", v: 1, ts: ("2026-12-05T10:00:" + (if $i < 10 then "0" else "" end) + "\($i).000Z"),
        target: "uplink", check: "tcp", address: "127.0.0.1:1", attempt: $i, ok: ($i != 35), total_ms: ($i * 1.0)}' \
  >"$TMP/probes.jsonl"
run "${F[@]}" decide <"$TMP/probes.jsonl"
expect_rc "decide" 0

run "${F[@]}" status --json
expect_rc "status" 0
validate "$TMP/out"
want=$(jq -cn '[range(10; 41) | select(. != 35) | . * 1.0]')
[[ $(jq -c 'select(.path == "primary") | .recent_ms' "$TMP/out") == "$want" ]] ||
  fail "recent_ms: $(cat "$TMP/out"), expected $want"
[[ $(jq -c 'select(.path == "local") | .recent_ms // "none"' "$TMP/out") == '"none"' ]] ||
  fail "a path without targets has no latencies: $(cat "$TMP/out")"

NO_COLOR=1 COLUMNS=80 run script -qefc "$(printf '%q ' "${F[@]}" status)" /dev/null
expect_rc "status on a terminal" 0
grep -q "primary .*▁.*█" "$TMP/out" || fail "no sparkline in the table: $(cat "$TMP/out")"
