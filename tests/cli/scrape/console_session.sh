#!/usr/bin/env bash
# evt-scrape against a console on loopback that wants a login: the session
# cookie kept in the state store and reused, re-login once after the server
# expired it, Link pagination with a value map and labels, a 429 with
# Retry-After, and JSON in an HTML page; records that follow the schema.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
printf 's3cret\n' >"$TMP/router.pw"
chmod 600 "$TMP/router.pw"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "router": {"url": "$base/api/status",
              "auth": {"login": {"url": "$base/login", "json": {"user": "admin", "password": {"file": "router.pw"}}}},
              "metrics": [{"name": "router_rsrp_dbm", "path": "$.lte.rsrp", "labels": {"band": {"path": "$.lte.band"}}},
                          {"name": "router_rx_bytes_total", "path": "$.wan.rx_bytes", "type": "counter"},
                          {"name": "router_wan_up", "path": "$.wan.link", "values": {"UP": 1, "DOWN": 0}}]},
   "kiosks": {"url": "$base/api/items", "records": "$.items[*]",
              "pagination": {"kind": "link", "max_pages": 5},
              "metrics": [{"name": "kiosk_up", "path": "@.state", "values": {"UP": 1, "DOWN": 0},
                           "labels": {"kiosk": {"path": "@.id"}}},
                          {"name": "kiosk_sales_cents", "path": "@.sales", "scale": 100,
                           "labels": {"kiosk": {"path": "@.id"}}}]},
   "queue": {"url": "$base/api/limited", "backoff": "50ms", "metrics": [{"name": "queue_depth", "path": "$.queue"}]},
   "cdn": {"url": "$base/page.html", "html": {"script_id": "__NEXT_DATA__"}, "records": "$.props.pageProps.cdn",
           "metrics": [{"name": "cdn_hit_ratio", "path": "@.hit_ratio"},
                       {"name": "cdn_spend_cents", "path": "@.spend_cents", "type": "counter"}]}}}}
JSON
state=$TMP/state

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$state"
expect_rc "first run" 0
expect_json_lines "first run" "$TMP/out"
validate "$TMP/out"
[[ $(metric "$TMP/out" router_rsrp_dbm) == -97 ]] || fail "rsrp: $(cat "$TMP/out")"
jq -se 'any(.[]; .name == "router_rsrp_dbm" and .labels == {"band": "n78"} and .type == "gauge" and .source == "router")' \
  "$TMP/out" >/dev/null || fail "rsrp labels: $(grep rsrp "$TMP/out")"
[[ $(metric "$TMP/out" router_rx_bytes_total) == 123456789 ]] || fail "rx_bytes"
[[ $(metric "$TMP/out" router_wan_up) == 1 ]] || fail "wan_up"
# Seven kiosks over three pages; DOWN (kiosk1) maps to 0; sales scaled to cents.
[[ $(jq -s '[.[] | select(.name == "kiosk_up")] | length' "$TMP/out") == 7 ]] || fail "kiosk pages: $(grep kiosk_up "$TMP/out")"
jq -se 'any(.[]; .name == "kiosk_up" and .labels.kiosk == "kiosk1" and .value == 0) and
        any(.[]; .name == "kiosk_sales_cents" and .labels.kiosk == "kiosk7" and .value == 7000)' "$TMP/out" >/dev/null ||
  fail "kiosk values: $(grep kiosk "$TMP/out")"
[[ $(metric "$TMP/out" queue_depth) == 4 ]] || fail "the 429 was not retried: $(cat "$TMP/err")"
[[ $(metric "$TMP/out" cdn_hit_ratio) == 0.93 ]] || fail "__NEXT_DATA__: $(cat "$TMP/err")"
[[ $(metric "$TMP/out" up cdn) == 1 && $(metric "$TMP/out" samples kiosks) == 14 ]] || fail "health series"
jq -se '[.[] | select(.name == "scrape_duration_ms" and .source == "queue")][0].value >= 900' "$TMP/out" >/dev/null ||
  fail "Retry-After: 1 was not waited for"
[[ $(curl -s "$base/stats" | jq .logins) == 1 ]] || fail "expected one login"
# The password never reaches a record, stderr or the state store as text.
! grep -q s3cret "$TMP/out" "$TMP/err" || fail "the password leaked"
[[ $(stat -c %a "$state/scrape.db") == 600 ]] || fail "the cookie jar is not owner-only"

# The second run reuses the stored session cookie.
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$state" router
expect_rc "second run" 0
[[ $(curl -s "$base/stats" | jq .logins) == 1 ]] || fail "the stored session was not reused"

# The server forgets every session: one 401, one re-login, and the data.
curl -s -X POST "$base/admin/expire" >/dev/null
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$state" router
expect_rc "after expiry" 0
[[ $(metric "$TMP/out" router_rsrp_dbm) == -97 ]] || fail "after expiry: $(cat "$TMP/out")"
stats=$(curl -s "$base/stats")
[[ $(jq .logins <<<"$stats") == 2 && $(jq .unauthorized <<<"$stats") == 1 ]] || fail "re-login: $stats"

# A wrong password: the source is down, with a clear error and exit 1.
printf 'wrong\n' >"$TMP/router.pw"
curl -s -X POST "$base/admin/expire" >/dev/null
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$state" router
expect_rc "bad password" 1
grep -q "router: login: POST $base/login answered HTTP 401" "$TMP/err" || fail "bad password: $(cat "$TMP/err")"
[[ $(metric "$TMP/out" up router) == 0 ]] || fail "up should be 0"
! grep -q wrong "$TMP/out" "$TMP/err" || fail "the password leaked"

# Prometheus text for the textfile collector, written atomically.
printf 's3cret\n' >"$TMP/router.pw"
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$state" -o prometheus --textfile "$TMP/scrape.prom" cdn kiosks
expect_rc "textfile" 0
[[ ! -s $TMP/out ]] || fail "textfile: stdout should be empty"
grep -qx 'cdn_hit_ratio{source="cdn"} 0.93' "$TMP/scrape.prom" || fail "textfile: $(cat "$TMP/scrape.prom")"
grep -qx '# TYPE cdn_spend_cents_total counter' "$TMP/scrape.prom" || fail "textfile types: $(cat "$TMP/scrape.prom")"
grep -qx 'kiosk_up{source="kiosks",kiosk="kiosk1"} 0' "$TMP/scrape.prom" || fail "textfile labels"
ls "$TMP" | grep -q 'scrape.prom.tmp' && fail "a temporary file was left behind"

# evt-scrape test: what the mapping finds.
run "$SCRAPE" test --config "$TMP/event.json" --state-dir "$state" cdn
expect_rc "test cdn" 0
validate "$TMP/out"
exit 0
