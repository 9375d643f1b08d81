#!/usr/bin/env bash
# kill -9 in the middle of an ingest: the ledger holds whole batches only
# (every usage row is in the rollups, and nothing else is), and a re-run of
# the whole input counts every record exactly once.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
write_config
command -v sqlite3 >/dev/null || fail "sqlite3 not found (scripts/install-deps.sh test)"

n=150000
# 150,000 records of 7 CDN requests each, one a second from 10:00.
awk -v n=$n 'BEGIN {
  for (i = 0; i < n; i++) {
    s = 36000 + int(i / 10); h = int(s / 3600); m = int((s % 3600) / 60); sec = s % 60
    printf "{\"kind\":\"usage\",\"v\":1,\"ts\":\"2026-12-05T%02d:%02d:%02d.000Z\",\"id\":\"r%d\",\"component\":\"stream\",\"resource\":\"cdn.request\",\"qty\":7}\n", h, m, sec, i
  }
}' >"$TMP/all.jsonl"
head -n 110000 "$TMP/all.jsonl" >"$TMP/first.jsonl"

mkfifo "$TMP/fifo"
"$BUDGET" ingest "$TMP/fifo" --at 2026-12-05T22:00:00Z 2>"$TMP/ingest.err" &
ingest=$!
started $ingest
# The writer keeps the pipe open after the first 110,000 records, so the
# ingest sits mid-batch when it is killed.
{ cat "$TMP/first.jsonl"; exec sleep 30; } >"$TMP/fifo" &
writer=$!
started $writer

db="$EVT_STATE_DIR/budget.db"
# Batches commit every 20,000 records or 250 ms; once the count stops
# growing, the ingest has read what the writer sent and holds the rest of
# it in an open batch.
rows=0
last=-1
for ((i = 0; i < 400; i++)); do
  rows=$(sqlite3 "$db" 'SELECT COUNT(*) FROM usage' 2>/dev/null || echo 0)
  [[ $rows -ge 60000 && $rows -eq $last ]] && break
  last=$rows
  sleep 0.25
done
[[ $rows -ge 60000 ]] || fail "the ingest committed only $rows rows in 100s"
kill -KILL $ingest
wait_exit $ingest 5
kill -KILL $writer 2>/dev/null || true

consistent() {
  local q
  q=$(sqlite3 "$db" 'SELECT (SELECT COALESCE(SUM(qty_micro),0) FROM usage) = (SELECT COALESCE(SUM(qty_micro),0) FROM usage_minute)')
  [[ $q == 1 ]] || fail "$1: usage and its rollups disagree"
}
consistent "after kill -9"
after_kill=$(sqlite3 "$db" 'SELECT COUNT(*) FROM usage')
[[ $after_kill -le 110000 ]] || fail "after kill -9: $after_kill rows from 110000 records"

run "$BUDGET" ingest "$TMP/all.jsonl" --at 2026-12-05T22:00:00Z
expect_rc "re-run" 0
consistent "after the re-run"
[[ $(sqlite3 "$db" 'SELECT COUNT(*) FROM usage') -eq $n ]] || fail "re-run: $(sqlite3 "$db" 'SELECT COUNT(*) FROM usage') rows, expected $n"

# 1,050,000 requests at 0.75 cent per 10,000: exactly 78.75, reported as 79.
run "$BUDGET" status --json --at 2026-12-05T22:00:00Z
expect_rc "status" 0
validate "$TMP/out"
[[ $(field "$TMP/out" 0 .spent) == 79 ]] || fail "status: spent $(field "$TMP/out" 0 .spent), expected 79"

# SIGTERM, by contrast, finishes the record at hand and commits the open
# batch before exiting 143: nothing read is lost.
sed -n '1,5000p' "$TMP/all.jsonl" | sed 's/"id":"r/"id":"t/' >"$TMP/more.jsonl"
mkfifo "$TMP/fifo2"
"$BUDGET" ingest "$TMP/fifo2" --at 2026-12-05T22:00:00Z 2>"$TMP/term.err" &
ingest=$!
started $ingest
{ cat "$TMP/more.jsonl"; exec sleep 30; } >"$TMP/fifo2" &
writer=$!
started $writer
sleep 1
kill -TERM $ingest
wait_exit $ingest 10
expect_rc "ingest after SIGTERM" 143
kill -KILL $writer 2>/dev/null || true
consistent "after SIGTERM"
[[ $(sqlite3 "$db" 'SELECT COUNT(*) FROM usage') -eq $((n + 5000)) ]] ||
  fail "after SIGTERM: $(sqlite3 "$db" 'SELECT COUNT(*) FROM usage') rows, expected $((n + 5000))"
echo "ok: killed with $after_kill rows committed"
