#!/usr/bin/env bash
# `evt-budget governor`: the shed level in force, read without a check, so a
# tool that gates on it (evt-outbox's when.max_shed_level) never changes it:
# level 0 on a fresh ledger, then the level check chose, with its time.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

run "$BUDGET" governor --json
expect_rc "governor on a fresh ledger" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .kind) == budget.governor && $(field "$TMP/out" 0 .level) == 0 ]] ||
  fail "a fresh ledger's governor: $(cat "$TMP/out")"

usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 | "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" ||
  fail "ingest: $(cat "$TMP/ingest.err")"
run "$BUDGET" check --at 2026-12-05T11:00:00Z
expect_rc "check over budget" 1
[[ $(field "$TMP/out" 0 .action) == shed ]] || fail "check did not shed: $(cat "$TMP/out")"
level=$(field "$TMP/out" 0 .level)

run "$BUDGET" governor --json --at 2026-12-05T11:05:00Z
expect_rc "governor after the check" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .level) == "$level" && $(field "$TMP/out" 0 .since) == 2026-12-05T11:00:00.000Z ]] ||
  fail "governor after a check that shed to level $level: $(cat "$TMP/out")"
# Reading it twice changes nothing: no check runs behind it.
run "$BUDGET" governor --json --at 2026-12-05T11:06:00Z
[[ $(field "$TMP/out" 0 .level) == "$level" && $(field "$TMP/out" 0 .since) == 2026-12-05T11:00:00.000Z ]] ||
  fail "governor read twice: $(cat "$TMP/out")"
echo "governor: ok (level $level)"
