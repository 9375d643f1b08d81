#!/usr/bin/env bash
# `state prune` drops history records written before the cutoff and keeps
# what a restart resumes (the paths' state, the active path); `state
# backup` copies the database.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
cat >"$TMP/event.json" <<'JSON'
{"site": {"name": "t"}, "probe": {"targets": {"up": {"check": "tcp", "address": "127.0.0.1:9"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["up"], "rise": 1, "fall": 1}, {"name": "local", "always_up": true}]}}
JSON
export EVT_CONFIG=$TMP/event.json EVT_STATE_DIR=$TMP/state
for i in 1 2 3; do
  ok=true; [[ $i == 2 ]] && ok=false
  echo "{\"kind\":\"probe\",\"v\":1,\"ts\":\"2026-01-01T00:00:0$i.000Z\",\"target\":\"up\",\"check\":\"tcp\",\"attempt\":1,\"ok\":$ok,\"total_ms\":1}"
done | "$FAILOVER" decide >/dev/null 2>"$TMP/decide.err" || fail "decide: $(cat "$TMP/decide.err")"
[[ $("$FAILOVER" history --json | wc -l) == 4 ]] || fail "history: $("$FAILOVER" history --json)"

run "$FAILOVER" state prune --older-than 1d
expect_rc "prune, nothing old" 0
grep -q "removed 0 history records" "$TMP/out" || fail "prune 1d: $(cat "$TMP/out")"
run "$FAILOVER" state backup --to "$TMP/copy.db"
expect_rc "backup" 0
sleep 0.1
run "$FAILOVER" state prune --older-than 50ms
expect_rc "prune" 0
grep -q "removed 4 history records" "$TMP/out" || fail "prune 50ms: $(cat "$TMP/out")"
[[ $("$FAILOVER" history --json | wc -l) == 0 ]] || fail "history left after prune"
run "$FAILOVER" status --json
jq -se 'map(select(.active)) | .[0].path == "local"' "$TMP/out" >/dev/null || fail "the active path was lost: $(cat "$TMP/out")"
[[ $(sqlite3 "$TMP/copy.db" 'SELECT COUNT(*) FROM history') == 4 ]] || fail "the backup lost history"
exit 0
