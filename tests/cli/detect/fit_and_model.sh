#!/usr/bin/env bash
# fit learns the baselines from history and writes the model; run --model
# starts warm, so an outage at the very start of the live stream raises on
# its third sample; a model from a newer evt-detect is refused with 65.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

$STREAM --samples 300 --seed 3 >"$TMP/history.jsonl"
run "$DETECT" fit --config "$CONFIG" --model "$TMP/model.json" "$TMP/history.jsonl"
expect_rc "fit" 0
expect_no_stderr
jq -e '.format == 1 and (.series | length) == 1 and .series["latency{target=\"checkout\"}"].samples == 300' "$TMP/model.json" >/dev/null ||
  fail "the model file is not what fit documents: $(head -c 400 "$TMP/model.json")"

$STREAM --samples 20 --outage 0:10 --seed 4 >"$TMP/live.jsonl"
run "$DETECT" run --config "$CONFIG" --json "$TMP/live.jsonl"
printf 'cold: [%s]\n' "$(edges "$TMP/out")"
[[ -z $(edges "$TMP/out") ]] || fail "a cold detector raised while warming up: $(edges "$TMP/out")"
run "$DETECT" run --config "$CONFIG" --json --model "$TMP/model.json" "$TMP/live.jsonl"
expect_rc "run --model" 0
printf 'warm from the model: %s\n' "$(edges "$TMP/out")"
[[ $(edges "$TMP/out") == raise@3* ]] || fail "the fitted model did not raise on the outage's third sample: $(edges "$TMP/out")"

jq -c '.format = 2 | .evt_version = "9.0.0"' "$TMP/model.json" >"$TMP/future.json"
run "$DETECT" run --config "$CONFIG" --model "$TMP/future.json" "$TMP/live.jsonl"
expect_rc "a model from a newer evt-detect" 65
printf 'future model: %s\n' "$(cat "$TMP/err")"
grep -q 'future.json: /format: model format 2 (written by evt 9.0.0) is newer than this evt-detect reads' "$TMP/err" ||
  fail "the refusal does not say why: $(cat "$TMP/err")"

run "$DETECT" run --config "$CONFIG" --model "$TMP/nosuch.json" "$TMP/live.jsonl"
expect_rc "a missing model" 66

# A model the config names is checked by config check: bad config, named by the config's pointer.
jq '.detect.model_file = "future.json"' "$CONFIG" >"$TMP/with-model.json"
run "$DETECT" config check --config "$TMP/with-model.json"
expect_rc "config check of a newer model" 78
grep -q '/detect/model_file: .*future.json: /format' "$TMP/err" || fail "config check does not name the model: $(cat "$TMP/err")"
