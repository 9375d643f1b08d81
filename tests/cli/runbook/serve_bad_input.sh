#!/usr/bin/env bash
# evt-runbook serve refuses what it cannot trust, and runs nothing for it:
# a malformed webhook body is 400, a POST without the token (when one is
# configured) is 401, an unknown runbook in a rule fails config check and
# serve's start with 78, and off loopback without auth serve does not start.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/serve_lib.bash"

rules='[{"name": "uplink", "match": {"alertmanager": {"alertname": "UplinkDown"}}, "runbook": "fix",
         "approval": {"required": false}}]'
serve_config "$rules" "{\"serve\": {\"auth\": {\"token\": {\"file\": \"$TMP/token\"}}}}"
printf 's3cret\n' >"$TMP/token"
chmod 600 "$TMP/token"
serve_start
url=http://127.0.0.1:$SERVE_PORT/v1/alertmanager
body='{"version": "4", "groupKey": "{}:{alertname=\"UplinkDown\"}", "status": "firing", "receiver": "serve",
       "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "", "truncatedAlerts": 0,
       "alerts": [{"status": "firing", "labels": {"alertname": "UplinkDown"}, "annotations": {},
                   "startsAt": "2026-12-06T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "",
                   "fingerprint": "abc123"}]}'

code=$(curl -s -o "$TMP/resp" -w '%{http_code}' --data-binary "$body" "$url")
[[ $code == 401 ]] || fail "unauthenticated POST: $code, expected 401"
code=$(curl -s -o "$TMP/resp" -w '%{http_code}' -H 'Authorization: Bearer s3cret' --data-binary '{"version": "4", "alerts": [' "$url")
[[ $code == 400 ]] || fail "malformed body: $code, expected 400: $(cat "$TMP/resp")"
code=$(curl -s -o "$TMP/resp" -w '%{http_code}' -H 'Authorization: Bearer s3cret' --data-binary '{"version": "3", "alerts": []}' "$url")
[[ $code == 400 ]] || fail "version 3: $code, expected 400: $(cat "$TMP/resp")"
sleep 0.5
[[ $(runs_of fix) == 0 ]] || fail "a refused request ran something: $(cat "$TMP/runs")"

# The same body with the token runs the runbook once; sent again, it is a
# duplicate of the same situation and runs nothing more.
for _ in 1 2; do
  code=$(curl -s -o "$TMP/resp" -w '%{http_code}' -H 'Authorization: Bearer s3cret' --data-binary "$body" "$url")
  [[ $code == 200 ]] || fail "authenticated POST: $code: $(cat "$TMP/resp")"
done
wait_runs fix 1 10
sleep 0.5
[[ $(runs_of fix) == 1 ]] || fail "the duplicate ran: $(cat "$TMP/runs")"
jq -se 'map(select(.kind == "runbook.decision") | .action) | index("duplicate") != null' "$TMP/serve.out" >/dev/null ||
  fail "no duplicate decision: $(cat "$TMP/serve.out")"
kill -TERM "$SERVE_PID"
wait_exit "$SERVE_PID" 10
expect_rc "serve on SIGTERM" 143

# An unknown runbook in a rule: config check and serve both 78.
serve_config '[{"name": "x", "match": {"alertmanager": {"alertname": "X"}}, "runbook": "no-such-book"}]'
run "$RUNBOOK" config check
expect_rc "config check with an unknown runbook" 78
grep -q "no-such-book" "$TMP/err" || fail "config check does not name the runbook: $(cat "$TMP/err")"
run "$RUNBOOK" serve --listen 127.0.0.1:0
expect_rc "serve with an unknown runbook" 78

# Off loopback with neither a token nor TLS: 78 before listening.
serve_config "$rules"
run "$RUNBOOK" serve --listen 0.0.0.0:0
expect_rc "serve on 0.0.0.0 without auth" 78
