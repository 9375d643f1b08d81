#!/usr/bin/env bash
# A runbook run headless for real and as a dry run: step records, the
# runbook record, exit codes 0/3/1, retries, always steps, and the audit
# trail in `history`.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/books/switch.lua" <<'LUA'
return {
  description = "switch to a path, then check",
  params = { path = { description = "the path", default = "local" } },
  mutates = { "failover" },
  run = function()
    evt.step("look", function()
      local r = evt.tool("runbook", {"list", "--json"})
      assert(r.code == 0 and not r.dry_run and #r.records > 0, "expected runbook.info records")
    end)
    evt.step("switch", function()
      local r = evt.tool("fixture", {"--count", "1"}, {mutates = true})
      evt.log.info("switched to", evt.var("path"), r.dry_run and "(dry run)" or "")
    end)
  end,
}
LUA

run "$RUNBOOK" -v run "$TMP/books/switch.lua" --var path=mesh
expect_rc "real run" 0
expect_json_lines "real run" "$TMP/out"
validate "$TMP/out"
[[ $(jq -s 'length' "$TMP/out") == 3 ]] || fail "real run: expected 2 step records and a runbook record: $(cat "$TMP/out")"
jq -e -s '.[0].kind == "step" and .[0].step == "look" and .[1].outcome == "ok" and .[2].kind == "runbook"
          and .[2].outcome == "ok" and .[2].params.path == "mesh" and .[2].dry_run == false
          and (.[2].hash | startswith("sha256:"))' "$TMP/out" >/dev/null || fail "real run records: $(cat "$TMP/out")"
grep -q "switch: info: switched to mesh" "$TMP/err" || fail "real run: log line missing: $(cat "$TMP/err")"

run "$RUNBOOK" run "$TMP/books/switch.lua" --dry-run
expect_rc "dry run" 3
validate "$TMP/out"
jq -e -s '.[1].pending == ["evt-fixture --count 1"] and .[2].outcome == "changes_pending"
          and .[2].dry_run == true and .[2].changes_pending == 1' "$TMP/out" >/dev/null ||
  fail "dry run records: $(cat "$TMP/out")"
grep -q "would run: evt-fixture --count 1" "$TMP/err" || fail "dry run: no 'would run' line: $(cat "$TMP/err")"

# Read-only as the command-access table says: evt-runbook list only reads.
cat >"$TMP/books/readonly.lua" <<'LUA'
return { description = "only looks", run = function()
  evt.step("look", function() assert(not evt.tool("runbook", {"list"}).dry_run) end)
end }
LUA
run "$RUNBOOK" run "$TMP/books/readonly.lua" --dry-run
expect_rc "dry run with nothing to change" 0

cat >"$TMP/books/flaky.lua" <<'LUA'
local tries = 0
return { description = "fails, retries, cleans up", run = function()
  evt.step("flaky", function() tries = tries + 1 if tries < 2 then error("first try fails") end end,
           {retry = 2, delay = "10ms"})
  evt.step("broken", function() error("broken for good") end, {retry = 1, delay = "10ms"})
  evt.step("never", function() end)
  evt.step("cleanup", function() evt.log.info("cleanup ran") end, {always = true})
end }
LUA
run "$RUNBOOK" run "$TMP/books/flaky.lua"
expect_rc "failing run" 1
validate "$TMP/out"
jq -e -s '[.[] | select(.kind == "step") | [.step, .outcome, .attempts]] ==
          [["flaky","ok",2],["broken","failed",2],["never","skipped",0],["cleanup","ok",1]]' "$TMP/out" >/dev/null ||
  fail "failing run steps: $(cat "$TMP/out")"
grep -q "^evt-runbook: step \"broken\" failed: .*broken for good" "$TMP/err" || fail "failing run: message: $(cat "$TMP/err")"
# The always step ran (its record above); its info line is for -v or a
# terminal, not a headless run's stderr (doc/design.md §8.2).
! grep -q "cleanup ran" "$TMP/err" || fail "an info line reached a headless run's stderr: $(cat "$TMP/err")"

run "$RUNBOOK" history --json
expect_rc "history" 0
validate "$TMP/out"
jq -e -s 'length == 4 and .[0].runbook == "flaky" and .[0].outcome == "failed"
          and .[0].steps[2].outcome == "skipped" and .[2].dry_run == true and .[2].outcome == "changes_pending"
          and .[3].outcome == "ok" and .[3].user != "" and .[3].host != ""
          and .[3].steps[0].calls[0].argv == ["evt-runbook", "list", "--json"] and .[3].steps[0].calls[0].code == 0
          and .[2].steps[1].calls[0].dry_run == true' "$TMP/out" >/dev/null ||
  fail "history: $(cat "$TMP/out")"
run "$RUNBOOK" history --runbook switch --limit 1 --json
[[ $(jq -s 'length' "$TMP/out") == 1 ]] || fail "history --runbook --limit: $(cat "$TMP/out")"

# A tool the table does not know (evt-fixture) fails closed: not run.
cat >"$TMP/books/unknown.lua" <<'LUA'
return { description = "calls a tool nobody declared", run = function()
  evt.step("look", function() assert(evt.tool("fixture", {"--count", "1"}).dry_run) end)
end }
LUA
run "$RUNBOOK" run "$TMP/books/unknown.lua" --dry-run
expect_rc "dry run of an unknown tool" 3
