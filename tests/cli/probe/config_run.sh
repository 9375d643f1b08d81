#!/usr/bin/env bash
# evt-probe run: the config's named targets, `config check`, and the
# project's documented example config.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_http_server web
refused=$(free_port)
cat >"$TMP/event.json" <<JSON
{
  "site": {"name": "test-site"},
  "probe": {"targets": {
    "uplink": {"check": "http", "url": "http://127.0.0.1:$PORT_web/ok", "interval": "50ms", "timeout": "1s",
               "expect_body": "^ok\$", "expect_headers": {"Content-Type": "text/plain"}},
    "mesh": {"check": "tcp", "address": "127.0.0.1:$PORT_web", "timeout": "500ms"},
    "down": {"check": "tcp", "address": "127.0.0.1:$refused"},
    "assets": {"check": "cdn", "urls": ["http://127.0.0.1:$PORT_web/headers?X-Cache=HIT",
                                        "http://127.0.0.1:$PORT_web/headers?X-Cache=MISS"], "min_hit_ratio": 0.5},
    "checkout": {"check": "flow", "flow": "flows/buy.json", "interval": "30s"}
  }}
}
JSON
mkdir -p "$TMP/flows"
cat >"$TMP/flows/buy.json" <<JSON
{"steps": [{"name": "home", "url": "http://127.0.0.1:$PORT_web/ok"}]}
JSON

run "$PROBE" config check --config "$TMP/event.json"
expect_rc "config check" 0
grep -q ": ok$" "$TMP/out" || fail "config check: $(cat "$TMP/out")"

run "$PROBE" run --config "$TMP/event.json" uplink mesh
expect_rc "run uplink mesh" 0
validate "$TMP/out"
[[ $(jq -s 'map(.target) | sort | join(",")' "$TMP/out") == '"mesh,uplink"' ]] || fail "targets: $(cat "$TMP/out")"

# Every target: the failing one makes the exit 1, the cdn target adds its
# probe.cdn record, the flow target is named for a run of its own.
EVT_CONFIG=$TMP/event.json run "$PROBE" run
expect_rc "run (all)" 1
validate "$TMP/out"
grep -q "target checkout: a flow; run it on its own: evt-probe run checkout" "$TMP/err" || fail "no word on the flow target: $(cat "$TMP/err")"
jq -se 'map(select(.target == "down"))[0].error == "connection refused"' "$TMP/out" >/dev/null ||
  fail "down: $(cat "$TMP/out")"
jq -se 'map(select(.target == "assets" and .kind == "probe")) | length == 2' "$TMP/out" >/dev/null ||
  fail "assets probes: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "probe.cdn"))[0] | .target == "assets" and .ok and .hits == 1 and .probes == 2 and
        .hit_ratio == 0.5' "$TMP/out" >/dev/null || fail "probe.cdn: $(cat "$TMP/out")"

# Repeating at each target's own interval: uplink every 50 ms.
run "$PROBE" run --config "$TMP/event.json" --count 4 --window 4 uplink
expect_rc "--count 4" 0
jq -se 'map(select(.kind == "probe.window"))[0].sent == 4' "$TMP/out" >/dev/null || fail "window: $(cat "$TMP/out")"

run "$PROBE" run --config "$TMP/event.json" nosuch
expect_rc "unknown target" 2
grep -q 'no target "nosuch" in .* (known: uplink, mesh, down, assets, checkout)' "$TMP/err" ||
  fail "unknown target: $(cat "$TMP/err")"

# Strict config: unknown keys and bad values name their JSON pointer.
jq '.probe.targets.uplink.timeout_s = "1s"' "$TMP/event.json" >"$TMP/typo.json"
run "$PROBE" config check --config "$TMP/typo.json"
expect_rc "unknown key" 78
grep -q "/probe/targets/uplink/timeout_s: unknown key" "$TMP/err" || fail "unknown key: $(cat "$TMP/err")"
jq '.probe.targets.mesh.address = "no-port"' "$TMP/event.json" >"$TMP/bad.json"
run "$PROBE" run --config "$TMP/bad.json"
expect_rc "bad address" 78
grep -q '/probe/targets/mesh/address: "no-port": expected HOST:PORT' "$TMP/err" || fail "bad address: $(cat "$TMP/err")"
jq '.probe.targets.uplink.check = "icmp"' "$TMP/event.json" >"$TMP/bad.json"
run "$PROBE" config check --config "$TMP/bad.json"
expect_rc "bad check" 78
jq '.probe.targets.assets.min_hit_ratio = 85' "$TMP/event.json" >"$TMP/bad.json"
run "$PROBE" config check --config "$TMP/bad.json"
expect_rc "percent ratio" 78

# The project's documented example loads (its flow's secrets from the
# environment).
SHOP_API_KEY=example SHOP_TEST_CARD=example run "$PROBE" config check --config "$EVT_SOURCE_DIR/examples/event.json"
expect_rc "examples/event.json" 0
echo "config_run: ok"
