#!/usr/bin/env bash
# Two runs of runbooks in the same lock group: the second exits 75 at once
# and names the holder; after the first ends, the lock is free again.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/books/slow.lua" <<'LUA'
return { description = "holds the traffic lock", lock = "traffic", run = function()
  evt.step("hold", function() evt.log.info("holding") evt.sleep("20s") end)
end }
LUA
cat >"$TMP/books/quick.lua" <<'LUA'
return { description = "also traffic", lock = "traffic", run = function() end }
LUA

env --default-signal=INT,TERM "$RUNBOOK" -v run "$TMP/books/slow.lua" >"$TMP/slow.out" 2>"$TMP/slow.err" </dev/null &
pid=$!
started "$pid"
for ((i = 0; i < 100; i++)); do
  grep -q holding "$TMP/slow.err" 2>/dev/null && break
  sleep 0.05
done
grep -q holding "$TMP/slow.err" || fail "the first run did not start: $(cat "$TMP/slow.err")"

start=$(date +%s%N)
run "$RUNBOOK" run "$TMP/books/quick.lua"
took_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc "second run" 75
grep -q "runbook lock \"traffic\" is held by run [0-9a-f]* of slow (pid $pid, " "$TMP/err" ||
  fail "second run: message: $(cat "$TMP/err")"
((took_ms < 1000)) || fail "second run took ${took_ms}ms to give up"

run "$RUNBOOK" run --dry-run "$TMP/books/quick.lua"
expect_rc "a dry run does not take the lock" 0

kill -TERM "$pid"
wait_exit "$pid" 5
expect_rc "first run, terminated" 143
run "$RUNBOOK" run "$TMP/books/quick.lua"
expect_rc "after the holder ended" 0
