#!/usr/bin/env bash
# `check --dry-run`: the decision a check would take, with the governor's
# level left as it was (what a runbook's dry run needs to show its plan);
# exit 3 when that decision would change the level, as every dry run.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 | "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" ||
  fail "ingest: $(cat "$TMP/ingest.err")"
for attempt in 1 2; do
  run "$BUDGET" check --dry-run --at 2026-12-05T11:00:00Z
  expect_rc "dry run $attempt: the level would change" 3
  validate "$TMP/out"
  [[ $(field "$TMP/out" 0 .action) == shed && $(field "$TMP/out" 0 .previous_level) == 0 ]] ||
    fail "dry run $attempt: expected a shed from level 0 (the level must not be stored): $(cat "$TMP/out")"
done
run "$BUDGET" check --at 2026-12-05T11:00:00Z
expect_rc "check" 1
[[ $(field "$TMP/out" 0 .action) == shed ]] || fail "check: $(cat "$TMP/out")"
run "$BUDGET" check --dry-run --at 2026-12-05T11:01:00Z
expect_rc "dry run with nothing pending: the check's own verdict" 0
[[ $(field "$TMP/out" 0 .action) == keep && $(field "$TMP/out" 0 .previous_level) != 0 ]] ||
  fail "dry run after a real check: $(cat "$TMP/out")"

run "$BUDGET" check --dry-run - </dev/null
expect_rc "dry run with input" 2
grep -q "check --dry-run stores nothing" "$TMP/err" || fail "dry run with input: $(cat "$TMP/err")"
exit 0
