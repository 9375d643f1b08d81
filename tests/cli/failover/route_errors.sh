#!/usr/bin/env bash
# Bad steering input through the binary, no proxy needed: config errors
# name the file and the JSON pointer (exit 78), --split mistakes are usage
# errors (exit 2), and a socket that is not there is reported by route
# show with the driver's words, nothing claimed.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

config() {
  cat >"$TMP/event.json" <<JSON
{"site": {"name": "t"},
 "probe": {"targets": {"cache-health": {"check": "tcp", "address": "127.0.0.1:1"}, "uplink": {"check": "tcp", "address": "127.0.0.1:2"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["uplink"]}],
   "routes": [{"name": "reads", "driver": {"type": "haproxy", "socket": "$TMP/none.sock", "backend": "reads"},
               "members": [{"name": "cache", "targets": ["cache-health"]}, {"name": "origin", "path": "primary"}],
               "split": {"cache": 70, "origin": $1}},
              {"name": "checkout", "essential": true, "driver": {"type": "haproxy", "socket": "$TMP/none.sock", "backend": "co"},
               "members": [{"name": "co", "path": "primary"}], "prefer": ["co"]}],
   "modes": {"reduced": {"limits": {"$2": {"deny": true}}}}}}
JSON
}
failover() { run "$FAILOVER" --config "$TMP/event.json" --state-dir "$TMP/state" "$@"; }

config 20 reads
failover config check
expect_rc "split of 90" 78
grep -q "event.json: /failover/routes/0/split: the shares sum to 90, not 100" "$TMP/err" || fail "split: $(cat "$TMP/err")"

config 30 checkout
failover config check
expect_rc "essential limited" 78
grep -q '/failover/modes/reduced/limits/checkout: route "checkout" is essential' "$TMP/err" || fail "essential: $(cat "$TMP/err")"

config 30 reads
failover config check
expect_rc "good config" 0
failover route set reads --split cache=60,origin=30
expect_rc "--split of 90" 2
grep -q "the shares sum to 90, not 100" "$TMP/err" || fail "--split: $(cat "$TMP/err")"
failover route set reads --split cache=70,edge=30
expect_rc "--split unknown member" 2
grep -q 'no member "edge"' "$TMP/err" || fail "--split member: $(cat "$TMP/err")"
failover route set stream --split a=100
expect_rc "unknown route" 2
failover route show reads --json
[[ $RC != 0 ]] || fail "route show claimed a proxy that is not there"
jq -e '.route == "reads" and .verified == false and .desired == {"cache": 7, "origin": 3} and (.error | length > 0)' \
  "$TMP/out" >/dev/null || fail "route show: $(cat "$TMP/out" "$TMP/err")"
validate "$TMP/out"
echo "route_errors: ok (socket missing: exit $RC: $(head -1 "$TMP/err"))"
