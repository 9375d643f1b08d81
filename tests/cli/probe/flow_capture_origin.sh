#!/usr/bin/env bash
# A captured value never moves a request to another origin, so
# a flow's secrets reach only the origins its file names. The shop answers
# with a hostile Location ("@127.0.0.2:P/...", which after "{base}" would
# make 127.0.0.1:P the user name and 127.0.0.2 the host); the step that
# uses it must fail before sending, and 127.0.0.2 must see nothing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

export SHOP_API_KEY=sk-capture-secret

# start_shop CART_ID LOCATION: sets PORT_cap; requests go to $TMP/requests.jsonl.
start_shop() {
  rm -f "$TMP/cap.port" "$TMP/requests.jsonl"
  python3 "$HERE/capture_server.py" "$TMP/cap.port" "$TMP/requests.jsonl" "$1" "$2" 2>"$TMP/cap.log" &
  started $!
  PORT_cap=$(wait_port_file "$TMP/cap.port")
}

# write_flow FILE ORDER_URL: the man page's style, a bearer token on both steps.
write_flow() {
  cat >"$1" <<JSON
{"name": "buy",
 "variables": {"base": "http://127.0.0.1:$PORT_cap"},
 "secrets": {"api_key": {"env": "SHOP_API_KEY"}},
 "steps": [
  {"name": "pay", "method": "POST", "url": "{base}/pay",
   "headers": {"Authorization": "Bearer {api_key}"},
   "expect": {"status": "201"}, "capture": {"order": {"header": "Location"}}},
  {"name": "order", "url": "$2",
   "headers": {"Authorization": "Bearer {api_key}"}, "expect": {"status": "201"}}]}
JSON
}

# The attack: the Location ends the authority {base} began.
start_shop c1 '@127.0.0.2:{port}/orders/o-77'
write_flow "$TMP/flow.json" '{base}{order}'
run "$PROBE" flow --json "$TMP/flow.json"
jq -e 'select(.address == "127.0.0.2")' "$TMP/requests.jsonl" >/dev/null &&
  fail "hostile Location: a request reached 127.0.0.2: $(cat "$TMP/requests.jsonl")"
expect_rc "hostile Location" 1
validate "$TMP/out"
jq -e '.ok == false and .failed_step == "order"
       and (.error | test("captured \\{order\\} moves the request from http://127.0.0.1:[0-9]+ to http://127.0.0.1:[0-9]+@127.0.0.2:[0-9]+"))' \
  "$TMP/out" >/dev/null || fail "hostile Location: $(cat "$TMP/out")"
grep -q sk-capture-secret "$TMP/out" "$TMP/err" && fail "hostile Location: the secret is in the output"
[[ $(jq -s length "$TMP/requests.jsonl") == 1 ]] || fail "hostile Location: $(cat "$TMP/requests.jsonl")"

# A whole URL from a capture may carry the secret only to an origin the
# flow file names: 127.0.0.2 is not one...
start_shop c1 'http://127.0.0.2:{port}/orders/o-77'
write_flow "$TMP/flow.json" '{order}'
run "$PROBE" flow --json "$TMP/flow.json"
jq -e 'select(.address == "127.0.0.2")' "$TMP/requests.jsonl" >/dev/null &&
  fail "absolute Location: a request reached 127.0.0.2: $(cat "$TMP/requests.jsonl")"
expect_rc "absolute Location elsewhere" 1
jq -e '.error | test("would send this step.s secrets to http://127.0.0.2:[0-9]+, an origin no URL of the flow file names")' \
  "$TMP/out" >/dev/null || fail "absolute Location elsewhere: $(cat "$TMP/out")"

# ...the shop's own origin is, and a relative Location after {base} is the
# man page's own style: both still work.
start_shop c1 'http://127.0.0.1:{port}/orders/o-77'
write_flow "$TMP/flow.json" '{order}'
run "$PROBE" flow --json "$TMP/flow.json"
expect_rc "absolute Location, same shop" 0
start_shop c1 '/orders/o-77'
write_flow "$TMP/flow.json" '{base}{order}'
run "$PROBE" flow --json "$TMP/flow.json"
expect_rc "relative Location" 0
jq -se '.[1] | .address == "127.0.0.1" and .path == "/orders/o-77" and .authorization == "Bearer sk-capture-secret"' \
  "$TMP/requests.jsonl" >/dev/null || fail "relative Location: $(cat "$TMP/requests.jsonl")"
