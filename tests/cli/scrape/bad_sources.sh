#!/usr/bin/env bash
# Bad input from the peers: invalid JSON, HTML without the blob, exposition
# text with a broken line, a NUT server that drops the connection, a field
# missing. Each gives a clear error naming its source; the good source is
# still scraped; the exit code is 1.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
/usr/bin/python3 "$HERE/dropping_server.py" "$TMP/drop.port" &
started $!
PORT_drop=$(wait_port_file "$TMP/drop.port")
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "badjson": {"url": "$base/bad.json", "retries": 0, "metrics": [{"name": "x", "path": "$.lte.rsrp"}]},
   "noblob": {"url": "$base/nodata.html", "html": {"script_id": "__NEXT_DATA__"}, "metrics": [{"name": "x", "path": "$.a"}]},
   "brokenprom": {"prometheus": "$base/broken.prom"},
   "dropups": {"nut": "127.0.0.1:$PORT_drop", "ups": "kit1", "timeout": "3s"},
   "missing": {"url": "$base/page.html", "html": {"script_id": "__NEXT_DATA__"}, "records": "$.props.pageProps.cdn",
               "metrics": [{"name": "cdn_hit_ratio", "path": "@.hit_ratio"}, {"name": "cdn_errors", "path": "@.errors"},
                           {"name": "cdn_egress", "path": "@.egress", "optional": true}]},
   "notfound": {"url": "$base/nope", "retries": 0, "metrics": [{"name": "x", "path": "$.a"}]}}}}
JSON

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" --errors-as-records
expect_rc "bad sources" 1
validate "$TMP/out"
err=$(cat "$TMP/err")
grep -q "^evt-scrape: badjson:1: malformed JSON" "$TMP/err" || fail "badjson: $err"
grep -qF 'evt-scrape: noblob: the page has no <script id="__NEXT_DATA__"> (0 script elements looked at)' "$TMP/err" || fail "noblob: $err"
grep -qF "evt-scrape: brokenprom: line 3: labels: expected ',' or '}', got '2'" "$TMP/err" || fail "brokenprom: $err"
grep -qF "evt-scrape: dropups: upsd 127.0.0.1:$PORT_drop: the server closed the connection in the middle of the reply" "$TMP/err" ||
  fail "dropups: $err"
grep -qF "evt-scrape: notfound: GET $base/nope answered HTTP 404" "$TMP/err" || fail "notfound: $err"
# A missing field is a warning naming the source and field; optional ones are quiet.
grep -qF 'evt-scrape: warning: missing: cdn_errors: @.errors: missing in record 1 (cdn)' "$TMP/err" || fail "missing field: $err"
! grep -q cdn_egress "$TMP/err" || fail "an optional field was reported"
# The good parts are still there, and every failed source is down.
[[ $(metric "$TMP/out" cdn_hit_ratio) == 0.93 ]] || fail "the good source was not scraped"
for s in badjson noblob brokenprom dropups notfound; do
  [[ $(metric "$TMP/out" up "$s") == 0 ]] || fail "$s: up should be 0"
  jq -se --arg s "$s" 'any(.[]; .kind == "error" and .source == $s and .tool == "evt-scrape")' "$TMP/out" >/dev/null ||
    fail "$s: no error record"
done
[[ $(metric "$TMP/out" up missing) == 1 ]] || fail "a missing field does not take the source down"
# A bad prometheus exposition gives no samples at all: it is refused whole.
[[ $(metric "$TMP/out" samples brokenprom) == 0 ]] || fail "brokenprom samples"

# A source the config does not have is a usage error.
run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state" nosuch
expect_rc "unknown source" 2
grep -qF 'no source named "nosuch" in scrape.sources (known: badjson, noblob, brokenprom, dropups, missing, notfound)' "$TMP/err" ||
  fail "unknown source: $(cat "$TMP/err")"

# Config errors name the key.
cat >"$TMP/bad.json" <<'JSON'
{"site": {"name": "t"}, "scrape": {"sources": {"a": {"url": "http://x/", "metrics": [{"name": "m", "path": "$..x"}]},
                                                "b": {"url": "http://x/", "metric": []}}}}
JSON
run "$SCRAPE" config check --config "$TMP/bad.json"
expect_rc "bad config" 78
grep -qF 'bad.json: /scrape/sources/a/metrics/0/path: JSONPath "$..x": at 3: descendant segments (..) are not supported' "$TMP/err" ||
  fail "bad config: $(cat "$TMP/err")"
exit 0
