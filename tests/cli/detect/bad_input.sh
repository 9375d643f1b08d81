#!/usr/bin/env bash
# Bad config and bad input are named with where and what: an unknown key
# (78), a field of the wrong type (65 with file:line, or skipped and counted
# with --on-error skip), a record that is not JSON.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

jq '.detect.series[0].feild = "x"' "$CONFIG" >"$TMP/typo.json"
run "$DETECT" run --config "$TMP/typo.json" </dev/null
expect_rc "an unknown key" 78
grep -q 'typo.json: /detect/series/0/feild: unknown key' "$TMP/err" || fail "the unknown key is not named: $(cat "$TMP/err")"

jq '.detect.rules.default.raise_count = 9' "$CONFIG" >"$TMP/never.json"
run "$DETECT" config check --config "$TMP/never.json"
expect_rc "a rule that cannot fire" 78
grep -q '/detect/rules/default/raise_count: expected 1..5' "$TMP/err" || fail "$(cat "$TMP/err")"

jq 'del(.detect)' "$CONFIG" >"$TMP/none.json"
run "$DETECT" run --config "$TMP/none.json" </dev/null
expect_rc "no series" 78
grep -q '/detect/series: no series' "$TMP/err" || fail "$(cat "$TMP/err")"

$STREAM --samples 5 >"$TMP/stream.jsonl"
sed -i '3s/"total_ms":[0-9.]*/"total_ms":"slow"/' "$TMP/stream.jsonl"
echo 'not json' >>"$TMP/stream.jsonl"
echo '{"kind":"metric","v":1,"ts":"2026-12-05T10:00:00.000Z","name":"x","value":1}' >>"$TMP/stream.jsonl"
run "$DETECT" run --config "$CONFIG" --json "$TMP/stream.jsonl"
expect_rc "a string where a number belongs" 65
printf 'bad input: %s\n' "$(cat "$TMP/err")"
grep -q 'stream.jsonl:3: "total_ms": expected a number or a boolean, got a string' "$TMP/err" ||
  fail "the bad field is not named with file and line: $(cat "$TMP/err")"

run "$DETECT" run --config "$CONFIG" --json --on-error skip "$TMP/stream.jsonl"
expect_rc "bad records skipped" 0
grep -q 'stream.jsonl:6' "$TMP/err" || fail "the line that is not JSON is not named: $(cat "$TMP/err")"
grep -Eq 'skipped 2 bad records' "$TMP/err" || fail "the skipped records are not counted: $(cat "$TMP/err")"
grep -q 'metric' "$TMP/err" || fail "the ignored kind is not reported: $(cat "$TMP/err")"

run "$DETECT" run --config "$CONFIG" -o yaml </dev/null
expect_rc "a bad -o" 2
