#!/usr/bin/env bash
# A timeout, and Ctrl-C, end every process the runbook started: the whole
# process group, none left behind.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

marker="$((900 + RANDOM % 99)).$$"
cat >"$TMP/event.json" <<JSON
{ "site": { "name": "test" }, "runbook": { "allow_exec": ["sh"], "kill_grace": "500ms" } }
JSON
export EVT_CONFIG=$TMP/event.json
cat >"$TMP/books/tree.lua" <<LUA
return { description = "starts a tree of sleeps", run = function()
  evt.step("wait", function()
    evt.exec({"sh", "-c", "sleep $marker & sleep $marker & (sleep $marker; true) & wait"})
  end)
end }
LUA

survivors() { pgrep -f "slee[p] $marker" || true; }

start=$(date +%s%N)
run "$RUNBOOK" run --timeout 1s "$TMP/books/tree.lua"
took_ms=$((($(date +%s%N) - start) / 1000000))
expect_rc "timeout" 1
grep -q "time limit" "$TMP/err" || fail "timeout: message: $(cat "$TMP/err")"
((took_ms < 4000)) || fail "timeout: took ${took_ms}ms"
[[ -z $(survivors) ]] || fail "timeout: processes survived: $(survivors)"

env --default-signal=INT,TERM "$RUNBOOK" run "$TMP/books/tree.lua" >"$TMP/out" 2>"$TMP/err" </dev/null &
pid=$!
started "$pid"
for ((i = 0; i < 100; i++)); do
  [[ $(survivors | wc -l) -ge 3 ]] && break
  sleep 0.05
done
[[ $(survivors | wc -l) -ge 3 ]] || fail "the sleeps did not start"
kill -INT "$pid"
wait_exit "$pid" 5
expect_rc "SIGINT" 130
[[ -z $(survivors) ]] || fail "SIGINT: processes survived: $(survivors)"
"$RUNBOOK" history --json --limit 1 >"$TMP/history"
jq -e '.outcome == "interrupted"' "$TMP/history" >/dev/null || fail "history after SIGINT: $(cat "$TMP/history")"
