#!/usr/bin/env bash
# A runtime change survives HAProxy's reload (-sf): after `route set` the
# driver has dumped `show servers state` to the config's server-state-file
# and re-rendered haproxy.cfg from its template with the new weights. Each
# is enough alone (HAProxy takes a state file's weight only while the
# config's weight is the one the file was dumped under, so a hand-edited
# config wins over a stale file): proven by reloading with each one
# missing, then with both, and 1,000 requests after the last reload are
# exactly 700/300 by X-Served-By and by HAProxy's own counters.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"

steering_setup
failover_route set reads --split cache=70,origin=30
expect_rc "route set" 0
grep -q "server cache .* weight 7$" "$HA/haproxy.cfg" && grep -q "server origin .* weight 3$" "$HA/haproxy.cfg" ||
  fail "haproxy.cfg not re-rendered: $(grep server "$HA/haproxy.cfg")"
grep -q "^[0-9]* reads [0-9]* cache 127.0.0.1 [0-9]* 0 7 " "$HA/server-state" || fail "server-state: $(cat "$HA/server-state")"

# reloaded WHAT [WEIGHTS]: reloads and checks the weights (7/3 unless given).
reloaded() {
  local want=${2:-cache=7 origin=3 }
  start_haproxy "$HA" "$HAPROXY_PID"
  [[ $(server_weights "$SOCK" reads | tr '\n' ' ') == "$want" ]] ||
    fail "reload with $1: HAProxy reads back $(server_weights "$SOCK" reads | tr '\n' ' '), not $want"
  echo "reload with $1: $want"
}

cp "$HA/haproxy.cfg" "$HA/rendered.cfg"
cp "$HA/server-state" "$HA/dumped-state"
# The control: with neither, a reload does lose the runtime weights.
sed 's/{{[^}]*}}/1/g' "$HA/haproxy.cfg.tmpl" >"$HA/haproxy.cfg"
rm "$HA/server-state"
reloaded "neither (config at weight 1, no state file)" "cache=1 origin=1 "
cp "$HA/dumped-state" "$HA/server-state"
reloaded "the state file alone (config at weight 1)"
rm "$HA/server-state"
cp "$HA/rendered.cfg" "$HA/haproxy.cfg"
reloaded "the rendered config alone (no state file)"
cp "$HA/dumped-state" "$HA/server-state"
reloaded "both"

server_stot "$SOCK" reads >"$TMP/stot.before"
count_served "http://127.0.0.1:$HAPROXY_PORT/" 1000 >"$TMP/served"
server_stot "$SOCK" reads >"$TMP/stot.after"
paste -d' ' "$TMP/stot.before" "$TMP/stot.after" | tr '=' ' ' | awk '{print $1, $4 - $2}' >"$TMP/stot.delta"
echo "after the reload, X-Served-By: $(tr '\n' ' ' <"$TMP/served"); show stat: $(tr '\n' ' ' <"$TMP/stot.delta")"
grep -qx "cache 700" "$TMP/served" && grep -qx "origin 300" "$TMP/served" || fail "X-Served-By: $(cat "$TMP/served")"
[[ $(tr '\n' ' ' <"$TMP/stot.delta") == "cache 700 origin 300 " ]] || fail "show stat: $(cat "$TMP/stot.delta")"
echo "haproxy_reload: ok"
