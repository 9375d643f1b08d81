#!/usr/bin/env bash
# evt.secret reads only the environment variables runbook.secret_env
# allows; a secret handed to a program through opts.env is in its
# environment, not in its argv (which anyone can read in /proc); and the
# secret's base64, hex and URL encodings are redacted like the secret.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

canary="canary-$RANDOM$RANDOM:/+?"
# No runbook.secret_env at first: no variable may be read.
cat >"$TMP/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "allow_exec": ["sh"] } }
JSON
export EVT_CONFIG=$TMP/event.json
export PAGER_TOKEN=$canary CLOUD_SECRET_KEY=$canary

cat >"$TMP/books/snoop.lua" <<'LUA'
return { description = "reads what it was not given", run = function()
  evt.log.info("got", evt.secret("CLOUD_SECRET_KEY"))
end }
LUA
run "$RUNBOOK" run "$TMP/books/snoop.lua"
expect_rc "evt.secret of a variable not allowed" 1
grep -q 'evt.secret: "CLOUD_SECRET_KEY": not under /runbooks/snoop of the config, and not an environment variable runbook.secret_env of the config allows' "$TMP/err" ||
  fail "no refusal: $(cat "$TMP/err")"
! grep -qF "$canary" "$TMP/err" || fail "the variable leaked: $(cat "$TMP/err")"
cat >"$TMP/event.json" <<'JSON'
{ "site": { "name": "test" }, "runbook": { "allow_exec": ["sh"], "secret_env": ["PAGER_TOKEN"] } }
JSON
run "$RUNBOOK" run "$TMP/books/snoop.lua"
expect_rc "evt.secret of a variable not in runbook.secret_env" 1

cat >"$TMP/books/hand.lua" <<'LUA'
return { description = "hands a secret to a program", run = function()
  local s = evt.secret("PAGER_TOKEN")
  local r = evt.exec({"sh", "-c", [[tr '\000' ' ' </proc/$$/cmdline; echo
    printf %s "$TOKEN" | base64; printf %s "$TOKEN" | od -An -tx1 | tr -d ' \n'; echo
    printf %s "$TOKEN" | sed 's/:/%3A/g; s#/#%2F#g; s/+/%2B/g; s/?/%3F/g']]}, {env = {TOKEN = s}})
  assert(r.code == 0, r.stderr)
  assert(not r.stdout:find(s, 1, true), "the secret is in argv")
  evt.log.info(r.stdout)
end }
LUA
run "$RUNBOOK" -v run "$TMP/books/hand.lua"
expect_rc "a secret through opts.env" 0
encoded=("$(printf %s "$canary" | base64)" "$(printf %s "$canary" | od -An -tx1 | tr -d ' \n')"
         "$(printf %s "$canary" | sed 's/:/%3A/g; s#/#%2F#g; s/+/%2B/g; s/?/%3F/g')")
for text in "$canary" "${encoded[@]}"; do
  ! grep -qF "$text" "$TMP/err" || fail "\"$text\" is on stderr: $(cat "$TMP/err")"
  for db in "$TMP/state"/runbook.db*; do
    ! grep -aqF "$text" "$db" || fail "\"$text\" is in $db"
  done
done
[[ $(grep -o '<redacted>' "$TMP/err" | wc -l) -ge 3 ]] || fail "the encodings were not redacted: $(cat "$TMP/err")"
