#!/usr/bin/env bash
# Steering under `evt-failover watch` with a real HAProxy 2.6 (doc/design.md §16):
# the daemon applies the configured 70/30 (weights 7/3, read back); the
# cache backend killed, all reads go to origin within the member's fall
# count (the seconds are printed); cache back, its share returns along the
# ramp (35 % before 70 %: never in one jump), each step verified. Then
# `mode reduced --for` reaches the daemon through failover.db: reads are
# denied (429) while checkout, essential, is untouched; `mode normal`
# restores the limits map exactly as it was (read back: empty).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"

HA=$TMP/ha
SOCK=$HA/admin.sock
MAP=$HA/evt-limits.map
mkdir -p "$HA"
: >"$MAP"
start_backend cache
start_backend origin
HAPROXY_PORT=$(free_port)
{
  haproxy_global "$HA"
  cat <<CONF
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
  http-request set-var(txn.class) str(checkout) if { path_beg /checkout }
  http-request set-var(txn.class) str(reads) unless { path_beg /checkout }
  http-request deny deny_status 429 if { var(txn.class),map($MAP) -m str deny }
  use_backend checkout if { path_beg /checkout }
  default_backend reads
backend reads
  balance roundrobin
  server cache 127.0.0.1:$BACKEND_PORT_cache weight 1
  server origin 127.0.0.1:$BACKEND_PORT_origin weight 1
backend checkout
  server co 127.0.0.1:$BACKEND_PORT_origin weight 1
CONF
} >"$HA/haproxy.cfg"
start_haproxy "$HA"

cat >"$TMP/event.json" <<JSON
{"site": {"name": "steer"},
 "probe": {"targets": {
   "cache-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_cache/ok", "interval": "500ms", "timeout": "300ms"},
   "origin-health": {"check": "http", "url": "http://127.0.0.1:$BACKEND_PORT_origin/ok", "interval": "500ms", "timeout": "300ms"}}},
 "failover": {"fast_interval": "250ms", "paths": [{"name": "primary", "targets": ["origin-health"]}],
   "routes": [
     {"name": "reads", "driver": {"type": "haproxy", "socket": "$SOCK", "backend": "reads", "map": "$MAP"},
      "members": [{"name": "cache", "targets": ["cache-health"], "rise": 2, "fall": 2},
                  {"name": "origin", "targets": ["origin-health"]}],
      "split": {"cache": 70, "origin": 30}, "ramp": {"steps": [50, 100], "hold": "1500ms"}},
     {"name": "checkout", "essential": true, "driver": {"type": "haproxy", "socket": "$SOCK", "backend": "checkout"},
      "members": [{"name": "co", "path": "primary"}], "prefer": ["co"]}],
   "modes": {"reduced": {"limits": {"reads": {"deny": true}}}}}}
JSON
failover() { "$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" "$@"; }
weights() { server_weights "$SOCK" reads | tr '\n' ' '; }
# wait_weights WANT SECONDS: polls HAProxy's own read-back every 50 ms.
wait_weights() {
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    [[ $(weights) == "$1" ]] && return 0
    sleep 0.05
  done
  fail "HAProxy reads back '$(weights)', not '$1', after $2 s; watch said: $(tail -5 "$TMP/watch.out") $(cat "$TMP/watch.err")"
}

"$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/state" watch --json >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH=$!
started "$WATCH"
wait_weights "cache=7 origin=3 " 5

kill -KILL "$BACKEND_PID_cache"
killed_at=$(now_ms)
wait_weights "cache=0 origin=1 " 5
echo "cache killed: all reads on origin after $(((($(now_ms) - killed_at)) / 1000)).$(printf %03d $((($(now_ms) - killed_at) % 1000))) s (fall 2 at 250 ms fast interval, 300 ms timeout)"

/usr/bin/python3 "$STEERING_BACKEND" cache "$TMP/cache2.port" --port "$BACKEND_PORT_cache" 2>>"$TMP/backend-cache.err" &
started $!
# The ramp: 50 % of cache's 70 is 35/65 = 7/13, held 1.5 s, then 7/3.
seen=""
for ((i = 0; i < 200; i++)); do
  w=$(weights)
  [[ $seen == *"$w|"* ]] || seen+="$w|"
  [[ $w == "cache=7 origin=3 " ]] && break
  sleep 0.05
done
echo "weights seen after recovery: $seen"
[[ $seen == "cache=0 origin=1 |cache=7 origin=13 |cache=7 origin=3 |" ]] || fail "not along the ramp: $seen"
jq -s -e 'map(select(.event == "weights" and .route == "reads" and .after == {"cache": 7, "origin": 13}))
          | length == 1 and .[0].verified == true and (.[0].reason | test("cache up: ramp step 1/2"))' \
  "$TMP/watch.out" >/dev/null ||
  fail "no verified ramp step record: $(grep weights "$TMP/watch.out")"

# The daemon owns the routes: a one-shot set is refused, nothing changed.
run failover route set reads --split cache=50,origin=50
expect_rc "route set beside watch" 69
grep -q "owns the routes" "$TMP/err" || fail "route set beside watch: $(cat "$TMP/err")"
[[ $(weights) == "cache=7 origin=3 " ]] || fail "route set beside watch changed HAProxy: $(weights)"

# Reduced mode through the daemon.
code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HAPROXY_PORT$1"; }
[[ $(code /reads) == 200 && $(code /checkout) == 200 ]] || fail "before reduced: $(code /reads) $(code /checkout)"
run failover mode reduced --for 30s --json
expect_rc "mode reduced" 0
jq -e '.event == "mode" and .mode == "reduced" and .verified == true' "$TMP/out" >/dev/null ||
  fail "mode reduced: $(cat "$TMP/out" "$TMP/err")"
[[ $(haproxy_cmd "$SOCK" "show map $MAP" | awk 'NF {print $2, $3}') == "reads deny" ]] || fail "map: $(haproxy_cmd "$SOCK" "show map $MAP")"
denied=0 served=0
for ((i = 0; i < 10; i++)); do
  [[ $(code /reads) == 429 ]] && denied=$((denied + 1))
  [[ $(code /checkout) == 200 ]] && served=$((served + 1))
done
echo "reduced: reads denied $denied/10, checkout served $served/10"
[[ $denied == 10 && $served == 10 ]] || fail "reduced mode: reads denied $denied, checkout served $served"
run failover mode normal --json
expect_rc "mode normal" 0
jq -e '.mode == "normal" and .previous_mode == "reduced" and .verified == true' "$TMP/out" >/dev/null ||
  fail "mode normal: $(cat "$TMP/out" "$TMP/err")"
[[ -z $(haproxy_cmd "$SOCK" "show map $MAP" | tr -d '\n') ]] || fail "map not restored: $(haproxy_cmd "$SOCK" "show map $MAP")"
[[ $(code /reads) == 200 ]] || fail "reads after normal: $(code /reads)"
run failover mode --json
jq -e '.kind == "failover.mode" and .mode == "normal"' "$TMP/out" >/dev/null || fail "mode show: $(cat "$TMP/out")"
failover route show reads --json >"$TMP/show.json"
jq -e '.applied == {"cache": 7, "origin": 3} and .read_back == {"cache": 7, "origin": 3} and .verified' \
  "$TMP/show.json" >/dev/null || fail "route show: $(cat "$TMP/show.json")"
validate "$TMP/watch.out"
validate "$TMP/show.json"
kill -TERM "$WATCH"
wait_exit "$WATCH" 10

# No daemon: the mode is applied from here, and says so.
run failover mode reduced --json
expect_rc "mode reduced without a daemon" 0
grep -q "no daemon is running on .*: applied directly" "$TMP/err" || fail "no-daemon mode: $(cat "$TMP/out" "$TMP/err")"
[[ $(code /reads) == 429 && $(code /checkout) == 200 ]] || fail "direct reduced: $(code /reads) $(code /checkout)"
run failover mode normal --json
expect_rc "mode normal without a daemon" 0
[[ -z $(haproxy_cmd "$SOCK" "show map $MAP" | tr -d '\n') && $(code /reads) == 200 ]] ||
  fail "direct normal: map $(haproxy_cmd "$SOCK" "show map $MAP"), reads $(code /reads)"
echo "route_watch_haproxy: ok"
