#!/usr/bin/env bash
# Each way out of the sandbox is refused with a clear error and exit 1;
# nothing outside the sandbox happens.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

cat >"$TMP/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "max_instructions": 20000000, "memory_limit_mb": 32 } }
JSON
export EVT_CONFIG=$TMP/event.json

escape() {
  local name=$1 body=$2 expected=$3
  printf 'return { description = "escape", run = function()\n%s\nend }\n' "$body" >"$TMP/books/$name.lua"
  run timeout 30 "$RUNBOOK" run "$TMP/books/$name.lua"
  expect_rc "$name" 1
  grep -q -e "$expected" "$TMP/err" || fail "$name: expected '$expected' on stderr, got: $(cat "$TMP/err")"
}

escape io_open "io.open('$TMP/escaped', 'w')" "'io' is not available in a runbook"
escape os_execute "os.execute('touch $TMP/escaped')" "'os.execute' is not available in a runbook"
escape unlock_globals "setmetatable(_G, nil) io = 1" "cannot change a protected metatable"
escape string_dump "string.dump(function() end)" "'string.dump' is not available"
escape load_bytecode "assert(load('\\27Lua\\84\\0\\25\\147'))" "attempt to load a binary chunk"
escape infinite_loop "while true do end" "instruction limit"
escape loop_in_pcall "while true do pcall(function() while true do end end) end" "instruction limit"
escape memory_bomb "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 4096) .. i end" "memory limit (32 MiB)"
escape require_outside "require('os')" "not found in runbooks/lib"
[[ ! -e $TMP/escaped ]] || fail "a runbook wrote $TMP/escaped"

printf 'return { description = "d", run = function() evt.shell("ls") end }\n' >"$TMP/books/unknown.lua"
run "$RUNBOOK" check "$TMP/books/unknown.lua"
expect_rc "check with an unknown evt call" 1
grep -q "unknown.lua:1: unknown evt call evt.shell" "$TMP/err" || fail "check: $(cat "$TMP/err")"
run "$RUNBOOK" check "$TMP/books/io_open.lua"
expect_rc "check of a runbook that compiles" 0

printf 'return { description = "d", run = function() end\n' >"$TMP/books/syntax.lua"
run "$RUNBOOK" run "$TMP/books/syntax.lua"
expect_rc "syntax error" 65
grep -q "syntax.lua:2: " "$TMP/err" || fail "syntax error: $(cat "$TMP/err")"
run "$RUNBOOK" run "$TMP/books/missing.lua"
expect_rc "missing runbook" 66

run "$RUNBOOK" run --errors-as-records "$TMP/books/io_open.lua"
expect_rc "--errors-as-records" 1
validate "$TMP/out"
jq -e -s '.[-1].kind == "error" and .[-1].code == 1 and (.[-1].message | contains("io"))' "$TMP/out" >/dev/null ||
  fail "--errors-as-records: $(cat "$TMP/out")"
