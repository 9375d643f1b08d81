#!/usr/bin/env bash
# 70/30 through a real HAProxy 2.6: `evt-failover route set reads --split
# cache=70,origin=30` sets weights 7 and 3 (reduced by their gcd) over the
# admin socket and reads them back; then 1,000 requests from one client
# through HAProxy's roundrobin are counted twice, by HAProxy itself (`show
# stat` stot deltas) and by the backends' X-Served-By: exactly 700/300.
#
# HAProxy's weighted round robin takes a new weight into its next window:
# the first few dozen picks after `set server ... weight` run 36/14 rather
# than 35/15 (measured on 2.6.12), so 50 requests go first and the 1,000
# counted start in the steady cycle of 7 and 3, where any 1,000 in a row
# are exactly 700/300.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"

steering_setup
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "cache=1 origin=1 " ]] || fail "haproxy did not start at 1/1"

failover_route set reads --split cache=70,origin=30 --json
expect_rc "route set" 0
jq -e '.verified == true and .read_back == {"cache": 7, "origin": 3} and .desired == {"cache": 7, "origin": 3}' \
  "$TMP/out" >/dev/null || fail "route set record: $(cat "$TMP/out" "$TMP/err")"
[[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "cache=7 origin=3 " ]] ||
  fail "HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' ')"

count_served "http://127.0.0.1:$HAPROXY_PORT/" 50 >/dev/null
server_stot "$SOCK" reads >"$TMP/stot.before"
count_served "http://127.0.0.1:$HAPROXY_PORT/" 1000 >"$TMP/served"
server_stot "$SOCK" reads >"$TMP/stot.after"
stot_delta() {
  echo $(($(grep "^$1=" "$TMP/stot.after" | cut -d= -f2) - $(grep "^$1=" "$TMP/stot.before" | cut -d= -f2)))
}
echo "X-Served-By: $(tr '\n' ' ' <"$TMP/served"); show stat: cache $(stot_delta cache), origin $(stot_delta origin)"
grep -qx "cache 700" "$TMP/served" && grep -qx "origin 300" "$TMP/served" && grep -qx "status 200 1000" "$TMP/served" ||
  fail "X-Served-By counts: $(cat "$TMP/served")"
[[ $(stot_delta cache) == 700 && $(stot_delta origin) == 300 ]] ||
  fail "HAProxy's own counters: cache $(stot_delta cache), origin $(stot_delta origin)"

# route show reads the same weights back.
failover_route show reads --json
expect_rc "route show" 0
jq -e '.read_back == {"cache": 7, "origin": 3} and .algorithm == "roundrobin"' "$TMP/out" >/dev/null ||
  fail "route show: $(cat "$TMP/out" "$TMP/err")"
echo "haproxy_split: ok"
