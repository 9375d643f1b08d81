#!/usr/bin/env bash
# A probe stream with an injected outage (30 samples of 2000 ms) and a later
# level shift (+40 ms for good), and two lone outliers before: the outage
# raises on its third sample (3 of 5) and clears once latency is back; the
# shift raises too; the outliers raise nothing. Every record follows the
# anomaly schema.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

$STREAM --samples 600 --outage 300:330 --shift 450 --outlier 100 --outlier 200 >"$TMP/stream.jsonl"
run "$DETECT" run --config "$CONFIG" --json "$TMP/stream.jsonl"
expect_rc "outage and shift" 0
expect_no_stderr
expect_valid "outage and shift" "$TMP/out"
got=$(edges "$TMP/out")
printf 'outage and shift: %s\n' "$got"
read -r -a e <<<"$got"
[[ ${#e[@]} -ge 3 ]] || fail "expected a raise and clear for the outage and a raise for the shift, got: $got"
# Sample 301 (1-based) is the outage's first: the third is 303.
[[ ${e[0]} == raise@30[1-3] ]] || fail "the outage did not raise within its first 3 samples: ${e[0]}"
[[ ${e[1]} =~ ^clear@(33[0-9]|34[0-9]|35[0-9])$ ]] || fail "the outage did not clear within 30 samples of recovery: ${e[1]}"
[[ ${e[2]} =~ ^raise@45[1-9]$ ]] || fail "the level shift at sample 451 did not raise within 9 samples: ${e[2]}"
for edge in "${e[@]}"; do
  n=${edge#*@}
  ((n > 300)) || fail "a lone outlier (samples 101 and 201) raised: $edge"
done
jq -e 'select(.state == "raise") | .value == 2000 and .score > 0.9 and .expected.high < 100' <(head -1 "$TMP/out") >/dev/null ||
  fail "the outage's raise does not carry its value, score and expected range: $(head -1 "$TMP/out")"

# The same stream on stdin gives the same records.
run "$DETECT" run --config "$CONFIG" --json <"$TMP/stream.jsonl"
[[ $(edges "$TMP/out") == "$got" ]] || fail "stdin gave other edges: $(edges "$TMP/out")"

# A 25 ms floor (min_change, what examples/event.json sets for latency)
# changes nothing here: the outage (+2 s) and the shift (+40 ms) are past it.
jq '.detect.models.default.min_change = 25' "$CONFIG" >"$TMP/floored.json"
run "$DETECT" run --config "$TMP/floored.json" --json "$TMP/stream.jsonl"
expect_rc "min_change 25" 0
[[ $(edges "$TMP/out") == "$got" ]] || fail "min_change 25 gave other edges: $(edges "$TMP/out"), not $got"
