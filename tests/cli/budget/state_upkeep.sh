#!/usr/bin/env bash
# `state backup` and `state prune` (libevt's state commands, as every tool
# with a database has them): a backup taken while records are being
# ingested is a consistent, owner-only database and never overwrites one;
# prune removes what is older than the cutoff and keeps the rest.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config

run "$BUDGET" state backup
expect_rc "backup before any state" 66
grep -q "budget.db: no state to back up" "$TMP/err" || fail "no state: $(cat "$TMP/err")"

old=$(date -u -d '-10 days' +%Y-%m-%dT%H:%M:%S.000Z)
recent=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%S.000Z)
{
  usage old1 "$old" checkout edge.exec 1000000
  usage old2 "$old" analytics cdn.request 500
  usage new1 "$recent" checkout edge.exec 2000000
} | "$BUDGET" ingest - >/dev/null 2>"$TMP/ingest.err" || fail "ingest: $(cat "$TMP/ingest.err")"

# A writer keeps ingesting while the backup runs.
for i in $(seq 1 20000); do usage "bulk$i" "$recent" checkout edge.exec 1; done >"$TMP/bulk.jsonl"
"$BUDGET" ingest "$TMP/bulk.jsonl" >/dev/null 2>&1 &
writer=$!
started $writer
run "$BUDGET" state backup --to "$TMP/copy.db"
expect_rc "backup during writes" 0
grep -qF "budget.db: backed up to $TMP/copy.db" "$TMP/out" || fail "backup: $(cat "$TMP/out")"
wait $writer || fail "the writer failed while the backup ran"
[[ $(stat -c %a "$TMP/copy.db") == 600 ]] || fail "backup mode $(stat -c %a "$TMP/copy.db"), expected 600"
[[ $(sqlite3 "$TMP/copy.db" 'PRAGMA integrity_check') == ok ]] || fail "the backup is damaged"
rows=$(sqlite3 "$TMP/copy.db" 'SELECT COUNT(*) FROM usage')
((rows >= 3 && rows <= 20003)) || fail "the backup holds $rows usage rows"
# The rollups agree with the rows in the copy: one transaction's worth, never half.
[[ $(sqlite3 "$TMP/copy.db" 'SELECT (SELECT SUM(qty_micro) FROM usage) = (SELECT SUM(qty_micro) FROM usage_minute)') == 1 ]] ||
  fail "the backup caught a transaction half-way"

run "$BUDGET" state backup --to "$TMP/copy.db"
expect_rc "backup over an existing file" 74
grep -qF "$TMP/copy.db: cannot create: File exists" "$TMP/err" || fail "overwrite: $(cat "$TMP/err")"

run "$BUDGET" state backup
expect_rc "backup to the default place" 0
ls "$EVT_STATE_DIR"/backups/budget-*Z.db >/dev/null || fail "no backup in the state dir: $(cat "$TMP/out")"

run "$BUDGET" state prune --older-than 5d
expect_rc "prune" 0
grep -qE "budget.db: removed 2 usage rows from before " "$TMP/out" || fail "prune: $(cat "$TMP/out")"
[[ $(sqlite3 "$EVT_STATE_DIR/budget.db" "SELECT COUNT(*) FROM usage WHERE id LIKE 'old%'") == 0 ]] || fail "old rows left"
[[ $(sqlite3 "$EVT_STATE_DIR/budget.db" "SELECT COUNT(*) FROM usage WHERE id = 'new1'") == 1 ]] || fail "a recent row was pruned"
[[ $(sqlite3 "$EVT_STATE_DIR/budget.db" 'SELECT (SELECT SUM(qty_micro) FROM usage) = (SELECT SUM(qty_micro) FROM usage_minute)') == 1 ]] ||
  fail "prune left the rollups disagreeing with the usage"

run "$BUDGET" state prune --older-than soon
expect_rc "bad duration" 2
run "$BUDGET" state prune
expect_rc "missing --older-than" 2
exit 0
