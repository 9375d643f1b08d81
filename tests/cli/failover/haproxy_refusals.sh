#!/usr/bin/env bash
# What HAProxy refuses, and what cannot reach it, through `evt-failover
# route set`: a clear error with its documented exit code (65 HAProxy's
# refusal, its own text verbatim; 69 no socket; 78 permission denied; 2 a
# split not summing to 100), and HAProxy read back after each failure shows
# every weight as it was: nothing partial is left behind.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/haproxy_server.bash"

steering_setup roundrobin "$(cat <<'CONF'
backend static
  balance static-rr
  server cache 127.0.0.1:9 weight 1
  server origin 127.0.0.1:9 weight 1
backend bysource
  balance source
  server cache 127.0.0.1:9 weight 1
  server origin 127.0.0.1:9 weight 1
CONF
)"

# route NAME BACKEND SOCKET SECOND_MEMBER: one route of the config.
route() {
  cat <<JSON
{"name": "$1", "driver": {"type": "haproxy", "socket": "$3", "backend": "$2"},
 "members": [{"name": "cache", "targets": ["cache-health"]}, {"name": "$4", "targets": ["origin-health"]}],
 "split": {"cache": 50, "$4": 50}}
JSON
}
jq --argjson routes "[$(route static static "$SOCK" origin), $(route bysource bysource "$SOCK" origin),
                       $(route ghost_server reads "$SOCK" nope), $(route ghost_backend nope "$SOCK" origin),
                       $(route no_socket reads "$TMP/none/admin.sock" origin)]" \
  '.failover.routes += $routes' "$TMP/event.json" >"$TMP/event.json.new"
mv "$TMP/event.json.new" "$TMP/event.json"

all_weights() {
  for b in reads static bysource; do server_weights "$SOCK" "$b"; done | tr '\n' ' '
}
BEFORE=$(all_weights)
[[ $BEFORE == "cache=1 origin=1 cache=1 origin=1 cache=1 origin=1 " ]] || fail "start: $BEFORE"

# refused ROUTE SPLIT RC TEXT: route set fails with RC, its message holds
# TEXT, and HAProxy still holds every weight it held before.
refused() {
  failover_route set "$1" --split "$2"
  echo "route set $1 --split $2: exit $RC: $(cat "$TMP/err")"
  expect_rc "route set $1" "$3"
  grep -qF -- "$4" "$TMP/err" || fail "route set $1: expected \"$4\" in: $(cat "$TMP/err")"
  [[ $(all_weights) == "$BEFORE" ]] || fail "route set $1 left $(all_weights), not $BEFORE"
}

STATIC="Backend is using a static LB algorithm and only accepts weights '0%' and '100%'."
refused static cache=70,origin=30 65 "\`set server static/cache weight 7\`: $STATIC"
refused bysource cache=70,origin=30 65 "\`set server bysource/cache weight 7\`: $STATIC"
# cache is set to 7 first, then nope is refused: cache must be put back
# (the unit tests see the commands; here HAProxy reads back 1).
refused ghost_server cache=70,nope=30 65 "\`set server reads/nope weight 3\`: No such server."
refused ghost_backend cache=70,origin=30 65 "\`show servers state\`: Can't find backend."
refused no_socket cache=70,origin=30 69 "$TMP/none/admin.sock: cannot connect: No such file or directory"
refused reads cache=70,origin=20 2 "100"

# Permission denied: the socket is HAProxy's (root, mode 600); root ignores
# file modes, so evt-failover runs as nobody.
chmod 755 "$TMP" "$HA"
chmod 644 "$TMP/event.json"
mkdir -m 700 "$TMP/nobody-state"
chown nobody "$TMP/nobody-state"
run setpriv --reuid=nobody --regid=nogroup --clear-groups \
  "$EVT_BIN_DIR/evt-failover" --config "$TMP/event.json" --state-dir "$TMP/nobody-state" route set reads --split cache=70,origin=30
echo "route set reads as nobody: exit $RC: $(cat "$TMP/err")"
expect_rc "route set as nobody" 78
grep -qF "$SOCK: cannot connect: Permission denied" "$TMP/err" || fail "as nobody: $(cat "$TMP/err")"
[[ $(all_weights) == "$BEFORE" ]] || fail "as nobody: $(all_weights)"
echo "haproxy_refusals: ok"
