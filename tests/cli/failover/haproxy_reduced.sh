#!/usr/bin/env bash
# Reduced service mode on a real HAProxy: `evt-failover mode reduced`
# writes the classes' limits into the runtime map the config's ACLs read
# (stream denied, reads limited to 2/s with a burst of 3: 5 a second),
# so the non-essential classes get 429s, counted, while checkout (essential)
# is untouched; `mode normal` puts the map back exactly as it was, read back
# over the admin socket, and the map file a reload would load byte for byte.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"

MAPFILE=$TMP/ha/evt-limits.map
mkdir -p "$TMP/ha"
# What the site had before: an entry of its own, and one for stream.
printf '# the site'"'"'s own\nlegacy 7\nstream 100\n' >"$MAPFILE"
cp "$MAPFILE" "$TMP/map.before"
start_backend cache
start_backend origin
# The classes and their limits in the frontend, as doc/design.md §16 shows them.
steering_setup roundrobin "$(cat <<CONF
backend stream
  server origin 127.0.0.1:$BACKEND_PORT_origin
backend checkout
  server origin 127.0.0.1:$BACKEND_PORT_origin
backend class_rates
  stick-table type string size 64 expire 10s store http_req_rate(1s)
CONF
)" "$(cat <<CONF
  http-request set-var(txn.class) str(reads) if { path_beg /reads }
  http-request set-var(txn.class) str(stream) if { path_beg /stream }
  http-request set-var(txn.class) str(checkout) if { path_beg /checkout }
  http-request deny deny_status 429 if { var(txn.class),map($MAPFILE) -m str deny }
  http-request track-sc0 var(txn.class) table class_rates
  http-request set-var(txn.limit) var(txn.class),map($MAPFILE)
  http-request deny deny_status 429 if { var(txn.limit) -m int gt 0 } { sc_http_req_rate(0),sub(txn.limit) gt 0 }
  use_backend stream if { path_beg /stream }
  use_backend checkout if { path_beg /checkout }
CONF
)"

route() {  # NAME ESSENTIAL MEMBERS_JSON SPLIT_JSON
  cat <<JSON
{"name": "$1", "essential": $2,
 "driver": {"type": "haproxy", "socket": "$SOCK", "backend": "$1", "map": "$MAPFILE"},
 "members": $3, "split": $4}
JSON
}
ORIGIN='[{"name": "origin", "targets": ["origin-health"]}]'
jq --argjson routes "[$(route stream false "$ORIGIN" '{"origin": 100}'), $(route checkout true "$ORIGIN" '{"origin": 100}')]" \
  '.failover.routes[0].driver.map = $map | .failover.routes += $routes
   | .failover.modes = {"reduced": {"limits": {"stream": {"deny": true}, "reads": {"rate": "2/s", "burst": 3}}}}' \
  --arg map "$MAPFILE" "$TMP/event.json" >"$TMP/event.json.new"
mv "$TMP/event.json.new" "$TMP/event.json"

map_now() { haproxy_cmd "$SOCK" "show map $MAPFILE" | awk 'NF >= 3 {print $2 "=" $3}' | sort | tr '\n' ' '; }
BEFORE=$(map_now)
[[ $BEFORE == "legacy=7 stream=100 " ]] || fail "the map at start: $BEFORE"

# counts CLASS N: N requests at once on one connection, "200=A 429=B".
counts() {
  count_served "http://127.0.0.1:$HAPROXY_PORT/$1" "$2" | awk '$1 == "status" {printf "%s=%s ", $2, $3}'
}
[[ $(counts reads 20) == "200=20 " && $(counts stream 20) == "200=20 " ]] || fail "before: limits already in force"

run "$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" mode reduced --for 1m
expect_rc "mode reduced" 0
echo "mode reduced: $(cat "$TMP/out")"
echo "map in reduced mode: $(map_now)"
[[ $(map_now) == "legacy=7 reads=5 stream=deny " ]] || fail "reduced map: $(map_now)"
# HAProxy's http_req_rate(1s) also weighs in the previous second, where
# the requests made before the mode still count: two quiet seconds first.
sleep 2.1
READS=$(counts reads 40)
STREAM=$(counts stream 40)
CHECKOUT=$(counts checkout 40)
echo "reduced: reads $READS, stream $STREAM, checkout $CHECKOUT"
[[ $STREAM == "429=40 " ]] || fail "stream should be denied: $STREAM"
[[ $READS =~ ^200=([0-9]+)\ 429=([0-9]+)\ $ ]] && ((BASH_REMATCH[1] >= 5 && BASH_REMATCH[1] <= 10)) ||
  fail "reads should be limited to about 5 a second: $READS"
[[ $CHECKOUT == "200=40 " ]] || fail "checkout must be untouched: $CHECKOUT"

run "$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" mode normal
expect_rc "mode normal" 0
echo "mode normal: $(cat "$TMP/out")"
[[ $(map_now) == "$BEFORE" ]] || fail "after leaving: $(map_now), not $BEFORE"
cmp -s "$MAPFILE" "$TMP/map.before" || fail "the map file is not what it was: $(cat "$MAPFILE")"
sleep 1.1
[[ $(counts reads 40) == "200=40 " && $(counts stream 40) == "200=40 " ]] || fail "after leaving: limits still in force"
echo "haproxy_reduced: ok"
