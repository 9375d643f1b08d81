#!/usr/bin/env bash
# Missing values (total_ms null) and gaps (no records for a while) raise
# nothing on their own, and missing values during an outage do not clear it.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

$STREAM --samples 500 --missing 100:140 --gap 200:300 >"$TMP/stream.jsonl"
run "$DETECT" run --config "$CONFIG" --json "$TMP/stream.jsonl"
expect_rc "missing values and a gap" 0
printf 'missing values and a gap: [%s]\n' "$(edges "$TMP/out")"
[[ -z $(edges "$TMP/out") ]] || fail "missing values or a gap raised: $(edges "$TMP/out")"

# An outage, then nothing but missing values: still raised, never cleared.
$STREAM --samples 400 --outage 300:310 --missing 310:400 >"$TMP/stream.jsonl"
run "$DETECT" run --config "$CONFIG" --json "$TMP/stream.jsonl"
expect_rc "an outage then missing values" 0
printf 'an outage then missing values: %s\n' "$(edges "$TMP/out")"
[[ $(edges "$TMP/out") =~ ^raise@30[1-3]$ ]] || fail "expected one raise and no clear, got: $(edges "$TMP/out")"
run "$DETECT" run --config "$CONFIG" -o prometheus "$TMP/stream.jsonl"
grep -q '^evt_detect_raised{series="latency{target=\\"checkout\\"}"} 1$' "$TMP/out" ||
  fail "the series is not shown raised at the end: $(cat "$TMP/out")"
