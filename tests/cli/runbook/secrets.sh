#!/usr/bin/env bash
# A canary secret, from the environment and from an owner-only file, is
# absent from stdout, stderr and every byte of the audit database.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

env_canary="canary-env-$RANDOM$RANDOM"
file_canary="canary-file-$RANDOM$RANDOM"
printf '%s\n' "$file_canary" >"$TMP/hook.key"
chmod 600 "$TMP/hook.key"
cat >"$TMP/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "secret_env": ["LEAKY_TOKEN"] },
  "runbooks": { "leaky": { "webhook": { "secret": { "file": "hook.key" } } } } }
JSON
export EVT_CONFIG=$TMP/event.json
export LEAKY_TOKEN=$env_canary
cat >"$TMP/books/leaky.lua" <<'LUA'
return { description = "tries hard to leak", params = { pin = { secret = true } }, run = function()
  local a, b = evt.secret("LEAKY_TOKEN"), evt.secret("webhook.secret")
  evt.log.info("a", a, "b", b, "pin", evt.var("pin")) print(a .. b)
  evt.step("with " .. a, function()
    local r = evt.tool("fixture", {}, {stdin = {{kind = "k", v = 1, secret = b}}})
    evt.log.warn(r.stdout)
    evt.tool("fixture", {"--count", a}, {mutates = true})
  end)
  evt.step("fail " .. b, function() error("leaking " .. a .. " " .. b) end)
end }
LUA

run "$RUNBOOK" -v run "$TMP/books/leaky.lua" --var "pin=$env_canary-pin"
expect_rc "leaky run" 1
validate "$TMP/out"
for canary in "$env_canary" "$file_canary"; do
  ! grep -q "$canary" "$TMP/out" || fail "the canary is on stdout: $(cat "$TMP/out")"
  ! grep -q "$canary" "$TMP/err" || fail "the canary is on stderr: $(cat "$TMP/err")"
  for db in "$TMP/state"/runbook.db*; do
    ! grep -a -q "$canary" "$db" || fail "the canary is in $db"
  done
done
grep -q "<redacted>" "$TMP/err" || fail "no <redacted> on stderr: $(cat "$TMP/err")"
run "$RUNBOOK" history --json
! grep -q "canary-" "$TMP/out" || fail "the canary is in history: $(cat "$TMP/out")"
jq -e '.params.pin == "<redacted>"' "$TMP/out" >/dev/null || fail "history params: $(cat "$TMP/out")"
