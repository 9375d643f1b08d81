#!/usr/bin/env bash
# evt.notify through ntfy, a Slack- and a Matrix-compatible webhook (one
# receiver on loopback that records every request, checked request by
# request: method, path, headers, JSON body) and a command (message on
# stdin, fields in its environment, ended at its timeout). One message,
# the same words in each; the same key is sent once per dedup window.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed for the receiver"
receiver=$(dirname "$0")/notify_receiver.py

python3 "$receiver" serve "$TMP/received" "$TMP/port" &
started $!
port=$(wait_port_file "$TMP/port")

export NTFY_TOKEN="tk_ntfy$RANDOM$RANDOM"
export SLACK_URL="http://127.0.0.1:$port/services/T0/B0/slack$RANDOM$RANDOM"
matrix_token="syt_matrix$RANDOM$RANDOM"
printf '%s\n' "$matrix_token" >"$TMP/matrix.token"
chmod 600 "$TMP/matrix.token"
cat >"$TMP/event.json" <<JSON
{ "site": { "name": "gate-7" },
  "runbook": { "notify": {
    "ntfy": { "url": "http://127.0.0.1:$port/", "topic": "gate-oncall", "token": { "env": "NTFY_TOKEN" } },
    "slack": { "url": { "env": "SLACK_URL" }, "timeout": "2s" },
    "matrix": { "homeserver": "http://127.0.0.1:$port", "room": "!oncall:example.net",
                "token": { "file": "matrix.token" } },
    "command": { "argv": ["sh", "-c", "cat >'$TMP/stdin'; env | grep ^EVT_NOTIFY_ | sort >'$TMP/env'"],
                 "timeout": "5s" },
    "dedup_window": "1h" } } }
JSON
export EVT_CONFIG=$TMP/event.json
cat >"$TMP/books/page.lua" <<'LUA'
return { description = "pages on-call", run = function()
  assert(evt.notify("uplink down at <the gate> & on 5G\nsince 14:02", {severity = "critical", key = "uplink"}),
         "not delivered")
  assert(not evt.notify("uplink still down", {key = "uplink"}), "not deduplicated")
end }
LUA

run "$RUNBOOK" run "$TMP/books/page.lua"
expect_rc "notify" 0
run_id=$(jq -r 'select(.kind == "runbook") | .run_id' "$TMP/out")
[[ -n $run_id ]] || fail "no runbook record: $(cat "$TMP/out")"
host=$(uname -n)
description="uplink down at <the gate> & on 5G\\nsince 14:02\\n\\nrunbook page, run {RUN_ID} on $host"
cat >"$TMP/expected.json" <<JSON
[ { "method": "POST", "path": "/gate-oncall",
    "headers": { "Title": "[critical] gate-7: uplink down at <the gate> & on 5G", "Priority": "5",
                 "Tags": "rotating_light,evt", "Authorization": "Bearer $NTFY_TOKEN",
                 "Content-Type": "text/plain; charset=utf-8" },
    "text": "$description" },
  { "method": "POST", "path": "${SLACK_URL#http://127.0.0.1:$port}",
    "headers": { "Content-Type": "application/json" }, "absent_headers": ["Authorization"],
    "json": { "text": "[critical] gate-7: uplink down at &lt;the gate&gt; &amp; on 5G\\nsince 14:02\\n\\nrunbook page, run {RUN_ID} on $host" } },
  { "method": "PUT", "path": "/_matrix/client/v3/rooms/%21oncall%3Aexample.net/send/m.room.message/{RUN_ID}.1",
    "headers": { "Content-Type": "application/json", "Authorization": "Bearer $matrix_token" },
    "json": { "msgtype": "m.text", "body": "[critical] gate-7: $description" } } ]
JSON
python3 "$receiver" check "$TMP/received" "$TMP/expected.json" "$run_id" || fail "the requests differ (above)"

printf 'uplink down at <the gate> & on 5G\nsince 14:02\n' | cmp - "$TMP/stdin" || fail "command stdin: $(cat "$TMP/stdin")"
for line in "EVT_NOTIFY_SUMMARY=uplink down at <the gate> & on 5G" "EVT_NOTIFY_SEVERITY=critical" \
            "EVT_NOTIFY_KEY=uplink" "EVT_NOTIFY_SITE=gate-7" "EVT_NOTIFY_RUNBOOK=page" "EVT_NOTIFY_RUN_ID=$run_id"; do
  grep -qxF "$line" "$TMP/env" || fail "command environment lacks $line: $(cat "$TMP/env")"
done
! grep -qF -e "$NTFY_TOKEN" -e "$matrix_token" -e "${SLACK_URL##*/}" "$TMP/out" "$TMP/err" || fail "a secret leaked"

# A command past its timeout is ended and reported; the other transports
# still deliver, so the message counts as sent.
jq '.runbook.notify.command = {argv: ["sh", "-c", "exec sleep 30"], timeout: "300ms"}' "$TMP/event.json" >"$TMP/slow.json"
cat >"$TMP/books/slow.lua" <<'LUA'
return { description = "slow pager", run = function() assert(evt.notify("x"), "not delivered") end }
LUA
start=$(now_ms)
EVT_CONFIG=$TMP/slow.json run "$RUNBOOK" run "$TMP/books/slow.lua"
expect_rc "slow command" 0
(($(now_ms) - start < 10000)) || fail "the command's timeout did not end it"
grep -q "notify: sh: timed out" "$TMP/err" || fail "timeout not reported: $(cat "$TMP/err")"

# The transports examples/event.json lists in its note are ones config check accepts.
jq --arg note "$(jq -r '.runbook.notify.note | sub("^[^:]*: "; "")' "$EVT_SOURCE_DIR/examples/event.json")" \
  -n '{site: {name: "t"}, runbook: {notify: ("{" + $note + "}" | fromjson)}}' >"$TMP/example.json" ||
  fail "the example's note does not hold the transports as JSON"
[[ $(jq '.runbook.notify | keys | length' "$TMP/example.json") == 5 ]] || fail "note: $(cat "$TMP/example.json")"
NTFY_TOKEN=n SLACK_HOOK_URL=https://hooks.example.net/x run "$RUNBOOK" --config "$TMP/example.json" config check
expect_rc "config check of the example's other transports" 0
