#!/usr/bin/env bash
# Said once: a runbook's failure reaches a person at a terminal once (on
# the failed step's line), not again under the summary and on stderr; the
# folders a runbook was looked for in are named once each, however often
# the config and the shipped default list them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
src=${EVT_SOURCE_DIR:?}

cat >"$TMP/books/till.lua" <<'LUA'
return { description = "a step that fails", run = function()
  evt.step("open the till", function() error("the till is offline", 0) end)
end }
LUA
cat >"$TMP/books/raise.lua" <<'LUA'
return { description = "fails outside any step", run = function() error("no kiosk answers", 0) end }
LUA
jq -n --arg books "$TMP/books" --arg shipped "$src/runbooks" \
  '{site: {name: "t"}, runbook: {dirs: [$books, ($books + "/"), $shipped]}}' >"$TMP/event.json"
export EVT_CONFIG=$TMP/event.json

# on_terminal CMD...: runs CMD with stdout and stderr on a pseudo-terminal;
# what the terminal showed in $TMP/screen, the exit code in RC.
on_terminal() {
  set +e
  script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >"$TMP/screen" 2>&1
  RC=$?
  set -e
}

on_terminal "$RUNBOOK" --color never run till
expect_rc "a failed step on a terminal" 1
[[ $(grep -o 'the till is offline' "$TMP/screen" | wc -l) -eq 1 ]] ||
  fail "the reason is not said once: $(cat -v "$TMP/screen")"
grep -q '✗ open the till' "$TMP/screen" || fail "no failed step line: $(cat -v "$TMP/screen")"
grep -q 'till: failed in' "$TMP/screen" || fail "no summary: $(cat -v "$TMP/screen")"
# --color never keeps the terminal plain; --color always colours it.
! grep -qE $'\e\\[[0-9;]*m' "$TMP/screen" || fail "--color never: $(cat -v "$TMP/screen")"
on_terminal "$RUNBOOK" --color always run till
grep -q $'\e\\[31m' "$TMP/screen" || fail "--color always: $(cat -v "$TMP/screen")"

on_terminal "$RUNBOOK" --color never run raise
expect_rc "a failure outside a step on a terminal" 1
[[ $(grep -o 'no kiosk answers' "$TMP/screen" | wc -l) -eq 1 ]] ||
  fail "the reason is not said once: $(cat -v "$TMP/screen")"

# Off a terminal (a timer, a log) stderr still says why, once.
run "$RUNBOOK" run till
expect_rc "a failed step off a terminal" 1
[[ $(grep -c 'the till is offline' "$TMP/err") -eq 1 ]] || fail "stderr: $(cat "$TMP/err")"

run "$RUNBOOK" run nope
expect_rc "an unknown runbook" 66
[[ $(cat "$TMP/err") == "evt-runbook: no runbook named \"nope\" in $TMP/books, $src/runbooks" ]] ||
  fail "not found: $(cat "$TMP/err")"
exit 0
