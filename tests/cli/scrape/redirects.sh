#!/usr/bin/env bash
# Redirects: a source's credentials (an API key in
# its own header, a login's body) never follow a redirect, or a next-page
# link, to another origin; the source is down with an error naming where
# it was sent. A
# same-origin redirect keeps them, a source without credentials follows any
# http(s) redirect, and nothing follows one to another protocol.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
here=http://127.0.0.1:$PORT_console
# The other origin: a second console on another port, recording which of
# its paths received credentials.
/usr/bin/python3 "$HERE/fixture_server.py" "$TMP/other.port" 2>"$TMP/other.log" &
started $!
other=http://127.0.0.1:$(wait_port_file "$TMP/other.port")
export SCRAPE_KEY=k3y
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "away": {"prometheus": "$here/redirect?to=$other/keyed.prom", "retries": 0,
            "auth": {"api_key": {"header": "X-API-Key", "value": {"env": "SCRAPE_KEY"}}}},
   "login_away": {"url": "$here/api/status", "retries": 0,
                  "auth": {"login": {"url": "$here/redirect307?to=$other/login",
                                     "json": {"user": "admin", "password": "s3cret"}}},
                  "metrics": [{"name": "rsrp", "path": "$.lte.rsrp"}]},
   "pages_away": {"url": "$here/linkaway?to=$other/api/items", "retries": 0, "records": "$.items[*]",
                  "pagination": {"kind": "link"}, "metrics": [{"name": "sales", "path": "@.sales"}],
                  "auth": {"api_key": {"header": "X-API-Key", "value": {"env": "SCRAPE_KEY"}}}},
   "same": {"prometheus": "$here/redirect?to=/keyed.prom", "retries": 0,
            "auth": {"api_key": {"header": "X-API-Key", "value": {"env": "SCRAPE_KEY"}}}},
   "open": {"prometheus": "$here/redirect?to=$other/hostile.prom", "retries": 0, "match": ["ok_metric"]},
   "tofile": {"prometheus": "$here/redirect?to=file:///etc/hostname", "retries": 0}}}}
JSON

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "redirects" 1
validate "$TMP/out"
stats=$(curl -sf "$other/stats") || fail "other origin's stats"
[[ $(jq -c .credentials <<<"$stats") == "[]" ]] || fail "credentials reached the other origin: $stats"
[[ $(jq .logins <<<"$stats") == 0 ]] || fail "the login body reached the other origin: $stats"
grep -qF "evt-scrape: away: GET $here/redirect?to=$other/keyed.prom redirected to $other/keyed.prom, another origin (scheme, host or port): the source's credentials are not sent there" "$TMP/err" ||
  fail "away: $(cat "$TMP/err")"
grep -qF "evt-scrape: login_away: login: POST $here/redirect307?to=$other/login redirected to $other/login, another origin" "$TMP/err" ||
  fail "login_away: $(cat "$TMP/err")"
grep -qF "evt-scrape: pages_away: the page $other/api/items is on another origin (scheme, host or port) than the source's URL" "$TMP/err" ||
  fail "pages_away: $(cat "$TMP/err")"
for s in away login_away pages_away; do
  [[ $(metric "$TMP/out" up "$s") == 0 ]] || fail "$s: a cross-origin source should be down"
done
# Same origin: the key goes along, and the scrape works.
[[ $(metric "$TMP/out" up same) == 1 && $(metric "$TMP/out" keyed same) == 1 ]] || fail "same-origin redirect: $(cat "$TMP/err")"
# No credentials: followed anywhere over http(s).
[[ $(metric "$TMP/out" up open) == 1 && $(metric "$TMP/out" ok_metric open) == 1 ]] || fail "open redirect: $(cat "$TMP/err")"
# Never to a file, whatever the source.
[[ $(metric "$TMP/out" up tofile) == 0 ]] || fail "a redirect to file:// was followed"
grep -qF 'evt-scrape: tofile: GET '"$here"'/redirect?to=file:///etc/hostname answered HTTP 302, Location: "file:///etc/hostname": only http and https URLs are followed' "$TMP/err" ||
  fail "tofile: $(cat "$TMP/err")"
exit 0
