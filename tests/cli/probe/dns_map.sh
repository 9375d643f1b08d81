#!/usr/bin/env bash
# probe.dns_map against dnsmasq on loopback: a name at its live address
# passes for live and fails for staging with whose address it is; a name
# still at its staging address fails for live; the preflight runbook's
# "DNS points at live" row says the same; map mistakes are exit 78.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
command -v dnsmasq >/dev/null || fail "dnsmasq is missing: scripts/install-deps.sh test"

port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq --no-daemon --port="$port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --user="$(id -un)" --group="$(id -gn)" --pid-file= \
  --address=/shop.test/203.0.113.10 --address=/stale.test/10.0.0.6 2>>"$TMP/dnsmasq.log" &
started $!
for ((i = 0; i < 100; i++)); do
  "$PROBE" dns --server "127.0.0.1:$port" --timeout 200ms shop.test >/dev/null 2>&1 && break
  sleep 0.05
done

# write_config [JQ_FILTER]: $TMP/event.json, the map plus two dns targets.
write_config() {
  jq "${1:-.}" >"$TMP/event.json" <<JSON
{"site": {"name": "dns-map-test"},
 "probe": {
   "targets": {"shop": {"check": "dns", "name": "shop.test", "server": "127.0.0.1:$port", "timeout": "1s"},
               "stale": {"check": "dns", "name": "stale.test", "server": "127.0.0.1:$port", "timeout": "1s"}},
   "dns_map": {"environment": "live", "names": {
     "shop.test": {"staging": ["10.0.0.5"], "live": ["203.0.113.10"]},
     "stale.test": {"staging": ["10.0.0.6"], "live": ["203.0.113.11"]}}}},
 "runbooks": {"preflight": {"tools": ["probe"]}}}
JSON
}
write_config
export EVT_CONFIG=$TMP/event.json

run "$PROBE" run shop
expect_rc "shop at its live address, live active" 0
validate "$TMP/out"
jq -e '.ok and .answers == ["203.0.113.10"] and .environment == "live" and .expected == ["203.0.113.10"]' \
  "$TMP/out" >/dev/null || fail "live: $(cat "$TMP/out")"

run "$PROBE" run --environment staging shop
expect_rc "shop at its live address, staging asked" 1
validate "$TMP/out"
jq -e '(.ok | not) and .environment == "staging" and .expected == ["10.0.0.5"] and
       .error == "shop.test resolved to 203.0.113.10 (the live address), expected 10.0.0.5 for staging"' \
  "$TMP/out" >/dev/null || fail "staging: $(cat "$TMP/out")"

run "$PROBE" run stale
expect_rc "stale still at its staging address" 1
jq -e '.error == "stale.test resolved to 10.0.0.6 (the staging address), expected 203.0.113.11 for live"' \
  "$TMP/out" >/dev/null || fail "stale: $(cat "$TMP/out")"

# The map's environment in the config decides without --environment.
write_config '.probe.dns_map.environment = "staging"'
run "$PROBE" run stale
expect_rc "stale, staging active in the config" 0
write_config

# evt-probe dns reads the map only when asked for an environment.
run "$PROBE" dns --server "127.0.0.1:$port" stale.test
expect_rc "dns without --environment" 0
jq -e '.ok and (has("expected") | not)' "$TMP/out" >/dev/null || fail "dns without map: $(cat "$TMP/out")"
run "$PROBE" dns --environment live --server "127.0.0.1:$port" stale.test
expect_rc "dns --environment live" 1
jq -e '.error | startswith("stale.test resolved to 10.0.0.6 (the staging address)")' "$TMP/out" >/dev/null ||
  fail "dns --environment: $(cat "$TMP/out")"
run "$PROBE" run --environment prod shop
expect_rc "an unknown environment" 2
grep -q -- '--environment: "prod" is not an environment of probe.dns_map (known: live, staging)' "$TMP/err" ||
  fail "unknown environment: $(cat "$TMP/err")"

# Mistakes in the map are bad config naming the key.
write_config '.probe.dns_map.names."shop.test".live = ["203.0.113.300"]'
run "$PROBE" config check
expect_rc "a bad address" 78
grep -q '/probe/dns_map/names/shop.test/live: "203.0.113.300" is not an IPv4 or IPv6 address' "$TMP/err" ||
  fail "bad address: $(cat "$TMP/err")"
write_config '.probe.dns_map.environment = "prod"'
run "$PROBE" run shop
expect_rc "an environment no name has" 78
grep -q '/probe/dns_map/environment: "prod" is not an environment of the names (known: live, staging)' "$TMP/err" ||
  fail "unknown config environment: $(cat "$TMP/err")"

# The preflight row: go when every mapped name is at its live address...
[[ -x $EVT_BIN_DIR/evt-runbook ]] || fail "evt-runbook is not built"
export PATH="$EVT_BIN_DIR:$PATH" EVT_STATE_DIR=$TMP/state
write_config 'del(.probe.targets.stale)'
run "$EVT_BIN_DIR/evt-runbook" run preflight --json
expect_rc "preflight, shop at live" 0
jq -se 'map(select(.kind == "preflight"))[0].rows[] | select(.id == "dns")
        | .check == "DNS points at live" and .verdict == "go" and .figure == "1 name at the live addresses (shop)"' \
  "$TMP/out" >/dev/null || fail "preflight go: $(jq -c 'select(.kind == "preflight")' "$TMP/out")"
# ...and no-go, saying whose address came back, when one is not.
write_config
run "$EVT_BIN_DIR/evt-runbook" run preflight --json
expect_rc "preflight, stale at staging" 1
grep -q '^evt-runbook: preflight: error: NO-GO: dns (stale: stale.test resolved to 10.0.0.6 (the staging address), expected 203.0.113.11 for live)$' \
  "$TMP/err" || fail "preflight no-go: $(cat "$TMP/err")"
echo "dns_map: ok"
