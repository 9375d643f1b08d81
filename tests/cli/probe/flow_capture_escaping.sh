#!/usr/bin/env bash
# A captured value stays one value where it is put. In a JSON
# body it is one JSON string, however many quotes it holds; in a URL it is
# percent-encoded for its part (a path segment, a query value).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

HOSTILE_ID='c1","qty":1000,"price":0,"x":"/../../admin?role=x&y=#'
python3 "$HERE/capture_server.py" "$TMP/cap.port" "$TMP/requests.jsonl" "$HOSTILE_ID" /orders/o-1 2>"$TMP/cap.log" &
started $!
PORT_cap=$(wait_port_file "$TMP/cap.port")

cat >"$TMP/flow.json" <<JSON
{"name": "buy", "variables": {"base": "http://127.0.0.1:$PORT_cap"},
 "steps": [
  {"name": "cart", "method": "POST", "url": "{base}/cart", "body": {"sku": "TEE"},
   "expect": {"status": "201"}, "capture": {"cart_id": {"json": "/id"}}},
  {"name": "add", "method": "POST", "url": "{base}/cart/{cart_id}/items?note={cart_id}",
   "body": {"cart": "{cart_id}", "qty": 1}, "expect": {"status": "201"}}]}
JSON
run "$PROBE" flow --json "$TMP/flow.json"
expect_rc "hostile id" 0
validate "$TMP/out"
[[ $(jq -s length "$TMP/requests.jsonl") == 2 ]] || fail "requests: $(cat "$TMP/requests.jsonl")"
jq -se --arg id "$HOSTILE_ID" '.[1].body | fromjson | . == {"cart": $id, "qty": 1}' "$TMP/requests.jsonl" >/dev/null ||
  fail "JSON body: the captured id rewrote it: $(jq -s '.[1].body' "$TMP/requests.jsonl")"
# "/", "?" and "#" cannot leave the path segment; "&", "=" and "#" cannot
# leave the query value.
expected_path='/cart/c1%22,%22qty%22:1000,%22price%22:0,%22x%22:%22%2F..%2F..%2Fadmin%3Frole=x&y=%23/items'
expected_path+='?note=c1%22,%22qty%22:1000,%22price%22:0,%22x%22:%22/../../admin?role%3Dx%26y%3D%23'
jq -se --arg p "$expected_path" '.[1].path == $p' "$TMP/requests.jsonl" >/dev/null ||
  fail "URL: expected $expected_path, got $(jq -rs '.[1].path' "$TMP/requests.jsonl")"
