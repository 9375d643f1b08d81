# evt-failover decide on a recorded probe stream (the CLI tests'
# probe_stream.py: rounds every 500 ms from 2026-12-05T10:00:00Z, primary
# failing in rounds 5-9), then status and history of the same state.
fo=("$BIN/evt-failover" --config "$TMP/failover.json" --state-dir "$TMP/failover-state")
cat >"$TMP/failover.json" <<'JSON'
{"site": {"name": "t"},
 "probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:1"},
                       "slice": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"failback_after": "5s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2, "vars": {"upstream": "10.0.0.1:443"},
    "on_activate": [{"template": "up.tmpl", "write": "upstream.conf"}]},
   {"name": "5g", "targets": ["slice"], "vars": {"upstream": "10.0.0.2:443"},
    "on_activate": [{"template": "up.tmpl", "write": "upstream.conf"}]},
   {"name": "local", "always_up": true, "vars": {"upstream": "127.0.0.1:8443"}}]}}
JSON
echo 'server {{upstream}}; # {{path}} was {{old_path}}' >"$TMP/up.tmpl"
python3 "$SRC/tests/cli/failover/probe_stream.py" 0 500 uplink=11111000001111111111111111111111 slice=1 >"$TMP/probes.jsonl"
python3 "$SRC/tests/cli/failover/probe_stream.py" 16 500 uplink=0000 slice=0000 >"$TMP/probes-2.jsonl"
golden failover/decide "<$TMP/probes.jsonl" "${fo[@]}" decide
golden failover/upstream-conf cat "$TMP/upstream.conf"
golden failover/decide-again "<$TMP/probes.jsonl" "${fo[@]}" decide
golden failover/decide-all-down "<$TMP/probes-2.jsonl" "${fo[@]}" decide
golden failover/status "${fo[@]}" status
golden failover/status-json "${fo[@]}" status --json
golden failover/history "${fo[@]}" history
golden failover/history-json "${fo[@]}" history --json --limit 3
printf '%s\n' '{"kind":"probe","v":1,"ts":"2026-12-05T10:01:00.000Z","target":"uplink"}' 'nope' >"$TMP/probes-bad.jsonl"
golden failover/decide-bad "<$TMP/probes-bad.jsonl" "${fo[@]}" decide
golden failover/decide-no-config "<$TMP/probes.jsonl" "$BIN/evt-failover" --state-dir "$TMP/failover-none" decide
