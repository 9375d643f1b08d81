#!/usr/bin/env bash
# Body limits: a gzip bomb (140 KiB that decodes to
# 40 MiB), as a Prometheus exposition (spooled) and as JSON (in memory), is
# refused by the bound on the compression ratio, and a plain body over the
# source's max_body (8 MiB by default) by that; each with a clear error,
# the source down and the others scraped. max_body raises the cap, not the
# ratio's bound.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

start_console
base=http://127.0.0.1:$PORT_console
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "bomb": {"prometheus": "$base/bomb.prom", "retries": 0},
   "jsonbomb": {"url": "$base/bomb.json", "retries": 0, "metrics": [{"name": "a", "path": "$.a"}]},
   "big": {"prometheus": "$base/big.prom", "retries": 0},
   "fine": {"prometheus": "$base/hostile.prom", "retries": 0, "match": ["ok_metric"]}}}}
JSON

run "$SCRAPE" run --config "$TMP/event.json" --state-dir "$TMP/state"
expect_rc "bombs" 1
validate "$TMP/out"
err=$(cat "$TMP/err")
bombed='the body decompresses to over 100 times the [0-9]+ bytes received \(a decompression bomb\?\)'
grep -qE "^evt-scrape: bomb: GET $base/bomb.prom: $bombed\$" "$TMP/err" || fail "bomb: $err"
grep -qE "^evt-scrape: jsonbomb: GET $base/bomb.json: $bombed\$" "$TMP/err" || fail "jsonbomb: $err"
grep -qxF "evt-scrape: big: GET $base/big.prom: the body is over 8 MiB (max_body, or half the space free for the temporary file)" \
  "$TMP/err" || fail "big: $err"
for s in bomb jsonbomb big; do
  [[ $(metric "$TMP/out" up "$s") == 0 && $(metric "$TMP/out" samples "$s") == 0 ]] || fail "$s should be down with no samples"
done
[[ $(metric "$TMP/out" up fine) == 1 ]] || fail "the good source: $err"

# A raised max_body lets the big body in, not the bomb.
cat >"$TMP/raised.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "raised": {"prometheus": "$base/bomb.prom", "retries": 0, "max_body": "64MiB"},
   "bigallowed": {"prometheus": "$base/big.prom", "retries": 0, "max_body": "16MiB"}}}}
JSON
run "$SCRAPE" run --config "$TMP/raised.json" --state-dir "$TMP/state"
expect_rc "raised max_body" 1
grep -qE "^evt-scrape: raised: GET $base/bomb.prom: $bombed\$" "$TMP/err" || fail "raised: $(cat "$TMP/err")"
[[ $(metric "$TMP/out" up raised) == 0 ]] || fail "the bomb under a raised max_body"
[[ $(metric "$TMP/out" up bigallowed) == 1 && $(metric "$TMP/out" big bigallowed) == 1 ]] || fail "max_body 16MiB: $(cat "$TMP/err")"

# max_body is checked with the config.
cat >"$TMP/bad.json" <<'JSON'
{"site": {"name": "t"}, "scrape": {"sources": {"a": {"prometheus": "http://127.0.0.1:9/m", "max_body": "8 furlongs"}}}}
JSON
run "$SCRAPE" config check --config "$TMP/bad.json"
expect_rc "bad max_body" 78
grep -qF '/scrape/sources/a/max_body: expected a size from 1KiB to 64GiB ("8MiB", "512KiB"), got "8 furlongs"' "$TMP/err" ||
  fail "bad max_body: $(cat "$TMP/err")"
exit 0
