#!/usr/bin/env bash
# doc/design.md §4.5: budget check acts on its own (from a timer), so it honours the
# site-wide hold: while a person works it keeps the shed level and its
# decision says why; after `state release` it sheds. Each run leaves a
# "last run" beat in the state root, so a timer that stopped firing shows.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 | "$BUDGET" ingest --at 2026-12-05T10:30:00Z - >/dev/null 2>"$TMP/ingest.err" ||
  fail "ingest: $(cat "$TMP/ingest.err")"
run "$EVT_BIN_DIR/evt-failover" state hold --for 10m --reason "swapping the battery"
expect_rc "hold from another tool" 0
run "$BUDGET" check --at 2026-12-05T11:00:00Z
expect_rc "check while held" 1
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .action) == keep && $(field "$TMP/out" 0 .level) == 0 ]] ||
  fail "check shed while the site was held: $(cat "$TMP/out")"
field "$TMP/out" 0 .reason | grep -q "^site held until .*: swapping the battery; keeping the level" ||
  fail "the decision does not name the hold: $(cat "$TMP/out")"
run "$BUDGET" state where
grep -q "^budget check: last run (pid [0-9]* on " "$TMP/out" || fail "no last-run beat: $(cat "$TMP/out" "$TMP/err")"

run "$BUDGET" state release
expect_rc "release" 0
run "$BUDGET" check --at 2026-12-05T11:00:00Z
expect_rc "check after the hold" 1
[[ $(field "$TMP/out" 0 .action) == shed ]] || fail "check after the hold: $(cat "$TMP/out")"
echo "site_hold: ok"
