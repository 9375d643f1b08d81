#!/usr/bin/env bash
# run NAME, list, show and confirmations, with runbook folders from the
# config (relative to it) and a lib/ module.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

mkdir -p "$TMP/site/books/lib/util"
cat >"$TMP/site/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "dirs": ["books"] },
  "runbooks": { "greet": { "greeting": "hello" } } }
JSON
export EVT_CONFIG=$TMP/site/event.json
cat >"$TMP/site/books/lib/util/text.lua" <<'LUA'
return { shout = function(s) return s:upper() .. "!" end }
LUA
cat >"$TMP/site/books/greet.lua" <<'LUA'
local text = require("util.text")
return {
  description = "greets, after asking",
  params = { who = { description = "whom to greet", required = true } },
  mutates = { "nothing really" },
  run = function()
    evt.confirm("greet " .. evt.var("who") .. "?")
    evt.log.info(text.shout(evt.config().greeting .. " " .. evt.var("who")))
  end,
}
LUA

run "$RUNBOOK" run greet --var who=ops
expect_rc "headless confirmation without --yes" 1
grep -q 'confirmation needed: "greet ops?" (no terminal on stdin; run with --yes to confirm)' "$TMP/err" ||
  fail "headless confirmation: $(cat "$TMP/err")"
run "$RUNBOOK" -v run greet --var who=ops --yes
expect_rc "--yes" 0
grep -q "greet: info: HELLO OPS!" "$TMP/err" || fail "--yes: $(cat "$TMP/err")"
run "$RUNBOOK" run greet
expect_rc "missing required parameter" 2
run "$RUNBOOK" run greet --var who=ops --var whom=x
expect_rc "unknown parameter" 2
run "$RUNBOOK" run nosuchbook
expect_rc "unknown runbook" 66

run "$RUNBOOK" list --json
expect_rc "list" 0
validate "$TMP/out"
# The shipped library is listed after the config's folders.
jq -se 'map(select(.name == "greet")) | length == 1 and (.[0] | .description == "greets, after asking"
       and .params[0].name == "who" and .params[0].required == true and .mutates == ["nothing really"])' "$TMP/out" >/dev/null ||
  fail "list: $(cat "$TMP/out")"
run "$RUNBOOK" show greet --json
expect_rc "show" 0
validate "$TMP/out"
jq -e '.source | contains("util.text")' "$TMP/out" >/dev/null || fail "show: $(cat "$TMP/out")"
run "$RUNBOOK" config check
expect_rc "config check" 0

ONCALL_HOOK=example-hook-key run "$RUNBOOK" --config "$EVT_SOURCE_DIR/examples/event.json" config check
expect_rc "config check of the documented example" 0
printf '{ "site": { "name": "t" }, "runbook": { "timeout_s": 5 } }\n' >"$TMP/bad.json"
run "$RUNBOOK" --config "$TMP/bad.json" config check
expect_rc "config check of an unknown key" 78
grep -q "/runbook/timeout_s: unknown key" "$TMP/err" || fail "unknown key: $(cat "$TMP/err")"
