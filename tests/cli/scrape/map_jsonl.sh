#!/usr/bin/env bash
# evt-scrape map: a source's mapping over JSON Lines from stdin or a file,
# checked against jq doing the same; timestamps from the records; bad lines
# with --on-error; missing fields reported with their line.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

cat >"$TMP/event.json" <<'JSON'
{"site": {"name": "test"},
 "scrape": {"sources": {
  "feed": {"url": "http://127.0.0.1:1/unused", "timestamp": "$.ts", "records": "$.links.*",
   "labels": {"site": "berlin"},
   "metrics": [{"name": "link_up", "path": "@.state", "values": {"UP": 1, "DOWN": 0},
                "labels": {"link": {"key": true}}},
               {"name": "link_rx_bits", "path": "@.rx_kbps", "scale": 1000, "type": "counter", "unit": "bits",
                "labels": {"link": {"key": true}}}]},
  "ups": {"nut": "127.0.0.1:3493", "ups": "kit1"}}}}
JSON
printf '%s\n' \
  '{"ts": "2026-12-05T10:00:00.000Z", "links": {"wan": {"state": "UP", "rx_kbps": 1.5}, "lte": {"state": "DOWN", "rx_kbps": 2}}}' \
  '{"ts": 1764928860000, "links": {"wan": {"state": "UP", "rx_kbps": 3}}}' >"$TMP/in.jsonl"

run "$SCRAPE" --config "$TMP/event.json" map feed <"$TMP/in.jsonl"
expect_rc "map" 0
expect_no_stderr "map"
validate "$TMP/out"
jq -c '.ts as $t | ($t | if type == "number" then (./1000 | strftime("%Y-%m-%dT%H:%M:%S.000Z")) else . end) as $ts |
       .links | to_entries[] |
       {kind: "metric", v: 1, ts: $ts, name: "link_up", value: (if .value.state == "UP" then 1 else 0 end),
        labels: {site: "berlin", link: .key}, source: "feed", type: "gauge"},
       {kind: "metric", v: 1, ts: $ts, name: "link_rx_bits", value: (.value.rx_kbps * 1000),
        labels: {site: "berlin", link: .key}, source: "feed", type: "counter", unit: "bits"}' \
  "$TMP/in.jsonl" >"$TMP/expected"
diff "$TMP/expected" "$TMP/out" >"$TMP/diff" || fail "map differs from jq: $(cat "$TMP/diff")"

# A file argument gives the same.
run "$SCRAPE" --config "$TMP/event.json" map feed "$TMP/in.jsonl"
expect_rc "map FILE" 0
cmp -s "$TMP/expected" "$TMP/out" || fail "map FILE differs"

# A bad line stops the run by default, naming the line; skipped with --on-error skip.
printf '%s\n' '{"ts": "2026-12-05T10:00:00.000Z", "links": {}}' '{"links": ' \
  '{"ts": "2026-12-05T10:00:01.000Z", "links": {"wan": {"state": "SIDEWAYS"}}}' >"$TMP/bad.jsonl"
run "$SCRAPE" --config "$TMP/event.json" map feed "$TMP/bad.jsonl"
expect_rc "bad line" 65
grep -q "^evt-scrape: $TMP/bad.jsonl:2: " "$TMP/err" || fail "bad line: $(cat "$TMP/err")"
run "$SCRAPE" --config "$TMP/event.json" --on-error skip map feed "$TMP/bad.jsonl"
expect_rc "bad line skipped, fields missing" 1
grep -qF 'link_up: @.state: expected a number or one of the strings in "values", got "SIDEWAYS" in record 1 (wan)' "$TMP/err" ||
  fail "value map miss: $(cat "$TMP/err")"
grep -qF "$TMP/bad.jsonl:3: link_rx_bits: @.rx_kbps: missing in record 1 (wan)" "$TMP/err" || fail "missing: $(cat "$TMP/err")"
grep -qF "1 bad lines skipped" "$TMP/err" || fail "skip count: $(cat "$TMP/err")"

# Only a source with a mapping can map.
run "$SCRAPE" --config "$TMP/event.json" map ups
expect_rc "map ups" 2
exit 0
