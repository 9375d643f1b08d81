#!/usr/bin/env bash
# evt-detect nab re-scores windowedGaussian's stored output to NAB's
# published figures (within 0.1 on all three profiles, NAB's regime), writes
# both regimes for it and for an evt detector as schema-valid detect.nab
# records, and names a missing corpus (66). The corpus is in the repo
# (tests/data/nab): missing, the test fails, never skips.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
data=${EVT_SOURCE_DIR:?set EVT_SOURCE_DIR}/tests/data/nab
[[ -f $data/labels/combined_windows.json && -d $data/results/windowedGaussian ]] || fail "the NAB corpus is missing from $data"

run "$DETECT" nab --data "$data" --results "$data/results/windowedGaussian" --detector holt \
  --hyperparameters "$EVT_SOURCE_DIR/engine/detect/nab_hyperparameters.json"
expect_rc "nab" 0
expect_no_stderr
expect_valid "nab" "$TMP/out"
jq -r '"\(.detector) \(.regime) \(.profile): \(.score) (published \(.published // "-"))"' "$TMP/out"
[[ $(jq -s 'length' "$TMP/out") == 12 ]] || fail "expected 2 detectors x 2 regimes x 3 profiles, got $(jq -s length "$TMP/out")"
jq -se '[.[] | select(.detector == "windowedGaussian" and .regime == "corpus")]
        | length == 3 and all(.published != null and ((.score - .published) | fabs) < 0.1)' "$TMP/out" >/dev/null ||
  fail "windowedGaussian is not within 0.1 of its published figures"
jq -se '[.[] | select(.detector == "evt_holt")] | map(.regime) | unique == ["artificial", "corpus"]' "$TMP/out" >/dev/null ||
  fail "evt_holt is not scored in both regimes"

run "$DETECT" nab --data "$TMP/nosuch" --detector holt
expect_rc "a missing corpus" 66
run "$DETECT" nab --data "$data"
expect_rc "nothing to score" 2
run "$DETECT" nab --data "$data" --detector prophet
expect_rc "an unknown detector" 2
grep -q 'unknown detector "prophet" (known: robust_z' "$TMP/err" || fail "$(cat "$TMP/err")"
