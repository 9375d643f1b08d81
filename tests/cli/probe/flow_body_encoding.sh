#!/usr/bin/env bash
# A captured value in a step's body stays one value: in a form body
# (application/x-www-form-urlencoded) it is percent-encoded, so a server's
# "c1&admin=1" cannot add a field; in a JSON body, keys that render to the
# same key are an error naming the step, not a body whose reader picks one.
# Other string bodies are sent raw, as the man page says.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

# start_shop CART_ID: every answer is 201 {"id": CART_ID}; sets PORT_cap.
start_shop() {
  rm -f "$TMP/cap.port" "$TMP/requests.jsonl"
  python3 "$HERE/capture_server.py" "$TMP/cap.port" "$TMP/requests.jsonl" "$1" /orders 2>"$TMP/cap.log" &
  started $!
  PORT_cap=$(wait_port_file "$TMP/cap.port")
}

# write_flow FILE CONTENT_TYPE BODY_JSON: a cart step capturing {cart_id},
# then a pay step sending BODY_JSON.
write_flow() {
  cat >"$1" <<JSON
{"name": "buy", "variables": {"base": "http://127.0.0.1:$PORT_cap"},
 "steps": [
  {"name": "cart", "method": "POST", "url": "{base}/cart", "expect": {"status": "201"},
   "capture": {"cart_id": {"json": "/id"}}},
  {"name": "pay", "method": "POST", "url": "{base}/pay", "headers": {"Content-Type": "$2"},
   "body": $3, "expect": {"status": "201"}}]}
JSON
}

start_shop 'c1&admin=1'
write_flow "$TMP/form.json" "application/x-www-form-urlencoded" '"cart={cart_id}&qty=1"'
run "$PROBE" flow --json "$TMP/form.json"
expect_rc "form body" 0
jq -se '.[1].body == "cart=c1%26admin%3D1&qty=1"' "$TMP/requests.jsonl" >/dev/null ||
  fail "form body: the captured value was not encoded: $(cat "$TMP/requests.jsonl")"

start_shop 'c1&admin=1'
write_flow "$TMP/text.json" "text/plain" '"cart={cart_id}&qty=1"'
run "$PROBE" flow --json "$TMP/text.json"
expect_rc "text body" 0
jq -se '.[1].body == "cart=c1&admin=1&qty=1"' "$TMP/requests.jsonl" >/dev/null ||
  fail "text body: not sent raw: $(cat "$TMP/requests.jsonl")"

start_shop admin
write_flow "$TMP/dup.json" "application/json" '{"{cart_id}": "x", "admin": false}'
run "$PROBE" flow --json "$TMP/dup.json"
[[ $(jq -s length "$TMP/requests.jsonl") == 1 ]] ||
  fail "duplicate key: the body was sent: $(cat "$TMP/requests.jsonl")"
expect_rc "duplicate key" 1
validate "$TMP/out"
jq -e '.ok == false and .failed_step == "pay"
       and (.error | test("body: the keys \"\\{cart_id\\}\" and \"admin\" both render to \"admin\""))' \
  "$TMP/out" >/dev/null || fail "duplicate key: $(cat "$TMP/out")"
exit 0
