#!/usr/bin/env bash
# Alertmanager's semantics through a real Alertmanager (0.25, loopback,
# group_wait 1 s): an alert that flaps inside the group wait runs once; an
# alert a firing source inhibits does not run, and history says so; the
# same alert resolved and firing again after the dedup TTL runs again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/serve_lib.bash"
source "$(dirname "$0")/alertmanager.bash"

serve_config '[{"name": "flap", "match": {"alertmanager": {"alertname": "Flappy"}}, "runbook": "fix",
                "vars": {"what": "flap"}, "approval": {"required": false}},
               {"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "page",
                "vars": {"what": "uplink"}, "approval": {"required": false}},
               {"name": "checkout", "match": {"alertmanager": {"alertname": "CheckoutSlow"}}, "runbook": "fix",
                "vars": {"what": "checkout"}, "approval": {"required": false}},
               {"name": "ttl", "match": {"alertmanager": {"alertname": "Again"}}, "runbook": "undo",
                "vars": {"what": "again"}, "approval": {"required": false}}]' \
  '{"inhibit": [{"source": {"alertname": "UplinkDown"}, "target": {"alertname": "CheckoutSlow"}, "equal": ["site"]}],
    "dedup_ttl": "3s"}'
serve_start
am_start one "http://127.0.0.1:$SERVE_PORT/v1/alertmanager"

# Each rule has a runbook of its own: concurrency is one per runbook, and a
# decision while its runbook runs is "busy", not a run.
# Flapping inside the group wait: firing, resolved, firing again within 1 s.
am_fire "$AM_PORT" firing Flappy site=gate-7
am_fire "$AM_PORT" resolved Flappy site=gate-7
am_fire "$AM_PORT" firing Flappy site=gate-7
# Inhibition: the uplink is down first, then checkout is slow at the same site.
am_fire "$AM_PORT" firing UplinkDown site=gate-7
wait_lines "$TMP/runs" 2 10
am_fire "$AM_PORT" firing CheckoutSlow site=gate-7
am_fire "$AM_PORT" firing Again site=gate-7
for ((i = 0; i < 100; i++)); do
  grep -q '"action":"inhibited"' "$TMP/serve.out" && grep -q '^undo again' "$TMP/runs" 2>/dev/null && break
  sleep 0.1
done
sleep 1.5
[[ $(grep -c '^fix flap' "$TMP/runs") == 1 ]] || fail "the flapping alert ran $(grep -c '^fix flap' "$TMP/runs") times"
[[ $(grep -c '^fix checkout' "$TMP/runs") == 0 ]] || fail "the inhibited alert ran: $(cat "$TMP/runs")"
run "$RUNBOOK" history --decisions --json
expect_rc "history --decisions" 0
jq -se 'map(select(.rule == "checkout" and .action == "inhibited" and (.reason | test("UplinkDown")))) | length >= 1' \
  "$TMP/out" >/dev/null || fail "history does not say checkout was inhibited by the uplink: $(cat "$TMP/out")"
validate "$TMP/out"
run "$RUNBOOK" history --decisions
grep -q "inhibited" "$TMP/out" || fail "the history table does not show the inhibition: $(cat "$TMP/out")"

# After the TTL, the same alert resolved and firing again is a new situation.
am_fire "$AM_PORT" resolved Again site=gate-7
sleep 3.5
am_fire "$AM_PORT" firing Again site=gate-7
for ((i = 0; i < 100; i++)); do
  [[ $(grep -c '^undo again' "$TMP/runs") -ge 2 ]] && break
  sleep 0.1
done
[[ $(grep -c '^undo again' "$TMP/runs") == 2 ]] || fail "fired again after the TTL: $(grep -c '^undo again' "$TMP/runs") runs"
validate "$TMP/serve.out"
