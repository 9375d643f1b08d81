#!/usr/bin/env bash
# Gates: a destination whose when.active names a path that is not active
# (a real evt-failover's state: the uplink down, the mesh carrying
# traffic) sends nothing and says why in one record; the site hold does
# the same; a shed level that cannot be read closes the gate with a
# warning said once. Opened, the order goes.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/deliver_helpers.bash"

FAILOVER=$EVT_BIN_DIR/evt-failover
SECTIONS='"probe": {"targets": {"uplink": {"check": "tcp", "address": "127.0.0.1:9", "interval": "1s", "timeout": "1s"}}},
 "failover": {"paths": [{"name": "uplink", "targets": ["uplink"], "rise": 1, "fall": 1}, {"name": "mesh", "always_up": true}]},'
start_api
write_config ', "when": {"active": ["uplink"]}'
put_orders 2

# The uplink down: failover makes the mesh active.
python3 "$(dirname "$0")/../failover/probe_stream.py" 0 1000 uplink=000 >"$TMP/probes.jsonl"
run "$FAILOVER" --config "$CONFIG" decide <"$TMP/probes.jsonl"
expect_rc "failover decide" 0
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with the gate closed" 0
expect_valid "gated run" "$TMP/out"
[[ $(jq -s 'length' "$TMP/out") -eq 1 ]] || fail "expected one gated record: $(cat "$TMP/out")"
jq -e '.event == "gated" and .destination == "shop" and .reason == "no path of when.active is active (active: mesh)"' \
  "$TMP/out" >/dev/null || fail "gated record: $(cat "$TMP/out")"
expect_no_stderr "a gate closed as configured"
[[ $(stats | jq '.posts') -eq 0 ]] || fail "the API was sent orders through a closed gate: $(stats)"
[[ $(pending_count) -eq 2 ]] || fail "the orders are not pending behind the closed gate"

# The mesh is allowed too, but a person holds the site: still nothing.
write_config ', "when": {"active": ["uplink", "mesh"]}'
run "$OUTBOX" --config "$CONFIG" state hold --for 10m --reason "swapping the router"
expect_rc "state hold" 0
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run during a hold" 0
jq -e '.event == "gated" and (.reason | startswith("site hold: ") and contains("swapping the router"))' "$TMP/out" >/dev/null ||
  fail "no gated record naming the hold: $(cat "$TMP/out")"
[[ $(stats | jq '.posts') -eq 0 ]] || fail "the API was sent orders during a hold"
run "$OUTBOX" --config "$CONFIG" state release
expect_rc "state release" 0
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run after the release" 0
[[ $(jq -s '[.[] | select(.event == "delivered")] | length' "$TMP/out") -eq 2 ]] || fail "not delivered once open: $(cat "$TMP/out")"
expect_each_committed_once 2 o

# The shed level from a real evt-budget: no budgets, level 0, open.
write_config ', "when": {"max_shed_level": 1}'
put_orders 1 shed
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with shed level 0" 0
jq -e '.event == "delivered" and .id == "shed-1"' "$TMP/out" >/dev/null || fail "not delivered at shed level 0: $(cat "$TMP/out")"

# A budget section evt-budget refuses: the level cannot be read; closed,
# said on stderr once.
SECTIONS='"budget": {"no_such_key": 1},'
write_config ', "when": {"max_shed_level": 1}'
put_orders 1 unread
run "$OUTBOX" --config "$CONFIG" run
expect_rc "run with an unreadable shed level" 0
jq -e '.event == "gated" and (.reason | startswith("budget shed level unreadable: evt-budget governor --json"))' \
  "$TMP/out" >/dev/null || fail "no gated record for the unreadable shed level: $(cat "$TMP/out")"
[[ $(grep -c 'gate closed: budget shed level unreadable' "$TMP/err") -eq 1 ]] || fail "warning: $(cat "$TMP/err")"
[[ $(pending_count) -eq 1 ]] || fail "the order is not pending behind an unreadable gate"
