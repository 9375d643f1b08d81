#!/usr/bin/env bash
# kill -9 in the middle of a run: the audit log keeps every step that
# started (the finished one as ok, the running one as running, the run as
# unfinished), and the lock is free for the next run.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/books/long.lua" <<'LUA'
return { description = "two steps, the second long", run = function()
  evt.step("quick", function() evt.tool("fixture", {"--count", "1"}) end)
  evt.step("long", function() evt.log.info("long step started") evt.sleep("30s") end)
end }
LUA

"$RUNBOOK" -v run "$TMP/books/long.lua" >"$TMP/long.out" 2>"$TMP/long.err" </dev/null &
pid=$!
started "$pid"
for ((i = 0; i < 100; i++)); do
  grep -q "long step started" "$TMP/long.err" 2>/dev/null && break
  sleep 0.05
done
grep -q "long step started" "$TMP/long.err" || fail "the long step did not start: $(cat "$TMP/long.err")"
kill -KILL "$pid"
wait_exit "$pid" 5

run "$RUNBOOK" history --json
expect_rc "history after kill -9" 0
validate "$TMP/out"
jq -e '.outcome == "unfinished" and (has("duration_ms") | not) and .steps[0].step == "quick"
       and .steps[0].outcome == "ok" and .steps[0].calls[0].code == 0
       and .steps[1].step == "long" and .steps[1].outcome == "running"' "$TMP/out" >/dev/null ||
  fail "history after kill -9: $(cat "$TMP/out")"

cat >"$TMP/books/long2.lua" <<'LUA'
return { description = "same lock", lock = "long", run = function() end }
LUA
run "$RUNBOOK" run "$TMP/books/long2.lua"
expect_rc "the lock after kill -9" 0
