#!/usr/bin/env bash
# `evt hold` and `evt release`: the site-wide hold every tool sees, shown
# by evt status.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/evt_lib.bash"
write_site

run "$EVT" hold --for 10m --reason "swapping the router"
expect_rc "hold" 0
grep -q "held until .*: swapping the router" "$TMP/out" || fail "hold said: $(cat "$TMP/out")"
run "$FAILOVER" state where
grep -q "site held until .*: swapping the router" "$TMP/out" || fail "evt-failover does not see the hold: $(cat "$TMP/out")"
run "$EVT" status --json
expect_rc "status under a hold" 0
validate "$TMP/out"
jq -se 'map(select(.kind == "evt.hold" and .reason == "swapping the router")) | length == 1' "$TMP/out" >/dev/null ||
  fail "no evt.hold record: $(cat "$TMP/out")"

run "$EVT" release
expect_rc "release" 0
grep -q "site hold released" "$TMP/out" || fail "release said: $(cat "$TMP/out")"
run "$EVT" release
grep -q "no site hold to release" "$TMP/out" || fail "second release said: $(cat "$TMP/out")"
run "$EVT" status --json
! grep -q '"evt.hold"' "$TMP/out" || fail "the hold is still shown after release"

run "$EVT" hold --for 0s --reason x
expect_rc "hold --for 0s" 2
run "$EVT" hold --for 10m
expect_rc "hold without --reason" 2
echo "hold: ok"
