#!/usr/bin/env bash
# A flow file is read as strictly as the config: bad JSON, unknown keys,
# undefined variables, bad pointers, patterns and secrets are refused
# with the file's path, the JSON pointer and exit 78, before any request.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

refused=$(free_port)
cat >"$TMP/good.json" <<JSON
{"name": "buy", "variables": {"base": "http://127.0.0.1:$refused"},
 "steps": [{"name": "cart", "method": "POST", "url": "{base}/cart", "capture": {"cart_id": {"json": "/id"}}},
           {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true}]}
JSON

# expect_refused WHAT JQ_EDIT MESSAGE_REGEX: the edited flow exits 78 and
# stderr matches.
expect_refused() {
  local what=$1 edit=$2 message=$3
  jq "$edit" "$TMP/good.json" >"$TMP/bad.json"
  run "$PROBE" flow "$TMP/bad.json"
  expect_rc "$what" 78
  [[ ! -s $TMP/out ]] || fail "$what: records on stdout: $(cat "$TMP/out")"
  grep -Eq "^evt-probe: $TMP/bad.json: $message" "$TMP/err" || fail "$what: stderr: $(cat "$TMP/err")"
}

printf '{"name": "buy",\n "steps": [\n  {"name": "cart" "url": "x"}]}\n' >"$TMP/syntax.json"
run "$PROBE" flow "$TMP/syntax.json"
expect_rc "malformed JSON" 78
grep -q "^evt-probe: $TMP/syntax.json:3: " "$TMP/err" || fail "malformed JSON: $(cat "$TMP/err")"

run "$PROBE" flow "$TMP/nosuch.json"
expect_rc "missing flow file" 66
grep -q "$TMP/nosuch.json" "$TMP/err" || fail "missing flow file: $(cat "$TMP/err")"

expect_refused "unknown key" '.steps[0].timeout_s = "1s"' '/steps/0/timeout_s: unknown key'
expect_refused "no steps" '.steps = []' '/steps: expected at least one step'
expect_refused "undefined variable" '.steps[0].url = "{host}/cart"' \
  '/steps/0/url: \{host\}: no variable, secret or earlier step.s capture has this name'
expect_refused "capture used before it is made" '.steps[0].headers = {"X-Cart": "{cart_id}"}' \
  '/steps/0/headers/X-Cart: \{cart_id\}: no variable'
expect_refused "bad capture pointer" '.steps[0].capture.cart_id.json = "id"' \
  '/steps/0/capture/cart_id/json: expected a JSON pointer such as "/id"'
expect_refused "two capture sources" '.steps[0].capture.cart_id.header = "X-Id"' \
  '/steps/0/capture/cart_id: expected exactly one of "json", "header" or "regex"'
expect_refused "regex group out of range" '.steps[0].capture.cart_id = {"regex": "id=([0-9]+)", "group": 2}' \
  '/steps/0/capture/cart_id/group: the pattern has 1 group\(s\)'
expect_refused "bad regex" '.steps[0].expect = {"body": "("}' '/steps/0/expect/body: "\(": not a valid'
expect_refused "bad status" '.steps[0].expect = {"status": "2xy"}' '/steps/0/expect/status: '
expect_refused "unknown comparison" '.steps[0].expect = {"json": {"/id": {"eq": 1}}}' \
  '/steps/0/expect/json/~1id: expected at least one of equals'
expect_refused "bad duration" '.timeout = "2 seconds"' '/timeout: expected a duration'
expect_refused "duplicate step" '.steps[1].name = "cart"' '/steps/1/name: a second step named "cart"'
expect_refused "plain secret" '.secrets = {"key": "sk-live-1"}' '/secrets/key: '
expect_refused "unset secret" '.secrets = {"key": {"env": "EVT_TEST_UNSET_SECRET"}}' \
  '/secrets/key: .*EVT_TEST_UNSET_SECRET'
run "$PROBE" flow --json "$TMP/good.json"
expect_rc "good flow, nothing listening" 1
validate "$TMP/out"
jq -e '.failed_step == "cart" and .error == "connection refused"' "$TMP/out" >/dev/null || fail "refused: $(cat "$TMP/out")"
echo "flow_file_errors: ok"
