#!/usr/bin/env bash
# Redirects in evt-probe: libcurl following a redirect re-sends
# custom headers (X-API-Key) and a 307/308's body to whatever host the
# Location names. With -L (checks) and "follow_redirects" (flows) the
# credentials and the body stay with the URL's origin: 127.0.0.2 (another
# origin, same port) must see only harmless headers, and no body.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

python3 "$HERE/redirect_server.py" "$TMP/redir.port" "$TMP/requests.jsonl" 2>"$TMP/redir.log" &
started $!
PORT=$(wait_port_file "$TMP/redir.port")
BASE=http://127.0.0.1:$PORT
ELSEWHERE='http://127.0.0.2:{port}/landing'
: >"$TMP/requests.jsonl"

# requests_to ADDRESS: the logged requests that reached ADDRESS, one array.
requests_to() { jq -sc --arg a "$1" '[.[] | select(.address == $a)]' "$TMP/requests.jsonl"; }

# A check's secret headers stop at the origin; harmless ones go on.
run "$PROBE" http --json -L -H "X-API-Key: sk-check-secret" -H "Authorization: Bearer tok-check" \
  -H "Proxy-Authorization: Basic cHJveHk=" -H "Accept: application/json" "$BASE/redirect/302?to=$ELSEWHERE"
other=$(requests_to 127.0.0.2)
jq -e 'length == 1' <<<"$other" >/dev/null || fail "check 302: the redirect was not followed: $other"
jq -e '.[0].headers | has("x-api-key") or has("authorization") or has("proxy-authorization")' <<<"$other" >/dev/null &&
  fail "check 302: a credential crossed to 127.0.0.2: $other"
jq -e '.[0].headers.accept == "application/json"' <<<"$other" >/dev/null || fail "check 302: Accept was dropped: $other"
expect_rc "check 302 elsewhere" 0
validate "$TMP/out"
jq -e '.ok and .status == 200 and .redirects == 1' "$TMP/out" >/dev/null || fail "check 302: $(cat "$TMP/out")"

# A redirect within the origin keeps them all.
: >"$TMP/requests.jsonl"
run "$PROBE" http --json -L -H "X-API-Key: sk-check-secret" "$BASE/redirect/301?to=/landing"
expect_rc "check 301 same origin" 0
jq -se '.[1] | .path == "/landing" and .headers["x-api-key"] == "sk-check-secret"' "$TMP/requests.jsonl" >/dev/null ||
  fail "check 301 same origin: $(cat "$TMP/requests.jsonl")"

# A 307 would re-send the body: not followed to another origin.
: >"$TMP/requests.jsonl"
run "$PROBE" http --json -L -X POST --data 'card=4111111111111111' "$BASE/redirect/307?to=$ELSEWHERE"
other=$(requests_to 127.0.0.2)
jq -e 'length == 0' <<<"$other" >/dev/null || fail "check 307: the body crossed to 127.0.0.2: $other"
expect_rc "check 307 elsewhere" 1
validate "$TMP/out"
jq -e '.ok == false and (.error | test("redirect 307 to http://127.0.0.2:[0-9]+ not followed: it would send the request body"))' \
  "$TMP/out" >/dev/null || fail "check 307: $(cat "$TMP/out")"

# A 303 after a POST asks for a GET: followed anywhere, without the body.
: >"$TMP/requests.jsonl"
run "$PROBE" http --json -L -X POST --data 'card=4111111111111111' "$BASE/redirect/303?to=$ELSEWHERE"
expect_rc "check 303 elsewhere" 0
jq -e '.[0] | .method == "GET" and .body == ""' <<<"$(requests_to 127.0.0.2)" >/dev/null ||
  fail "check 303: $(cat "$TMP/requests.jsonl")"

# A flow: a header holding a {secret} stops at the origin whatever its name
# (Accept-Language is otherwise harmless), and so does any other header
# that is not on the harmless list.
export SHOP_SESSION=sess-flow-secret
cat >"$TMP/flow.json" <<JSON
{"name": "redir", "follow_redirects": true,
 "secrets": {"session": {"env": "SHOP_SESSION"}},
 "steps": [
  {"name": "go", "url": "$BASE/redirect/308?to=http%3A%2F%2F127.0.0.2%3A%7Bport%7D%2Flanding",
   "headers": {"X-Shop-Session": "{session}", "Accept-Language": "de-{session}", "X-Shop-Tenant": "gate-3",
               "Accept": "application/json"}}]}
JSON
: >"$TMP/requests.jsonl"
run "$PROBE" flow --json "$TMP/flow.json"
other=$(requests_to 127.0.0.2)
jq -e 'length == 1' <<<"$other" >/dev/null || fail "flow 308: the redirect was not followed: $other"
grep -q sess-flow-secret <<<"$other" && fail "flow 308: the secret crossed to 127.0.0.2: $other"
jq -e '.[0].headers | (has("x-shop-tenant") | not) and .accept == "application/json"' <<<"$other" >/dev/null ||
  fail "flow 308: $other"
expect_rc "flow 308 elsewhere" 0
validate "$TMP/out"
jq -e '.ok and .steps[0].status == 200' "$TMP/out" >/dev/null || fail "flow 308: $(cat "$TMP/out")"
grep -q sess-flow-secret "$TMP/out" "$TMP/err" && fail "flow 308: the secret is in the output"

# Redirects stay on http and https.
: >"$TMP/requests.jsonl"
run "$PROBE" http --json -L "$BASE/redirect/302?to=file:///etc/passwd"
expect_rc "redirect to file:" 1
jq -e '.error | test("only http and https")' "$TMP/out" >/dev/null || fail "redirect to file: $(cat "$TMP/out")"

# And end: a redirect loop fails after 10 hops.
: >"$TMP/requests.jsonl"
run "$PROBE" http --json -L "$BASE/loop"
expect_rc "redirect loop" 1
jq -e '.error | test("too many redirects")' "$TMP/out" >/dev/null || fail "redirect loop: $(cat "$TMP/out")"
[[ $(jq -s length "$TMP/requests.jsonl") == 11 ]] || fail "redirect loop: $(jq -s length "$TMP/requests.jsonl") requests"
exit 0
