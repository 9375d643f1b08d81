#!/usr/bin/env bash
# evt-probe flow against a real nginx serving a fake checkout: a passing
# flow whose steps use the id the previous one returned; a failing middle
# step with the cleanup still run; the whole-flow timeout while a step
# hangs; a missing capture; repeated runs with flow.window records.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/flow_checkout.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"

start_silent_listener
start_checkout_nginx
export SHOP_API_KEY=sk-test-123

# A passing flow: the cart id reaches pay, receipt and cancel; the session
# cookie from the cart step reaches pay; the secret never shows.
write_buy_flow "$TMP/buy.json"
run "$PROBE" flow --json "$TMP/buy.json"
expect_rc "passing flow" 0
validate "$TMP/out"
jq -e '.kind == "flow" and .ok and .flow == "buy" and .target == "buy" and .run == 1 and (.timed_out | not) and
       (.steps | map(.outcome) == ["ok", "ok", "ok", "ok", "ok"]) and
       (.steps | map(.status) == [200, 201, 200, 200, 204]) and
       .steps[2].url == "http://127.0.0.1:'"$PORT_shop"'/cart/c-81f2/pay" and
       (.steps[1].phases | .connect_ms >= 0 and .ttfb_ms > 0) and .total_ms > 0' "$TMP/out" >/dev/null ||
  fail "passing flow: $(cat "$TMP/out")"
grep -q "sk-test-123" "$TMP/out" "$TMP/err" && fail "the secret leaked: $(cat "$TMP/out" "$TMP/err")"
[[ $(access_log) == "GET /catalog 200
POST /cart 201
POST /cart/c-81f2/pay 200
GET /cart/c-81f2/receipt 200
DELETE /cart/c-81f2 204" ]] || fail "requests of the passing flow: $(access_log)"

# The wrong secret: the cart step fails with 401; cleanup is skipped for
# want of the cart id, and says so.
clear_access_log
SHOP_API_KEY=wrong run "$PROBE" flow --json "$TMP/buy.json"
expect_rc "wrong key" 1
validate "$TMP/out"
jq -e '.failed_step == "cart" and .error == "expected status 201, got 401" and
       (.steps | map(.outcome) == ["ok", "failed", "skipped", "skipped", "skipped"]) and
       .steps[4].error == "needs {cart_id}, which no step of this run captured"' "$TMP/out" >/dev/null ||
  fail "wrong key: $(cat "$TMP/out")"

# A middle step fails (502): receipt is skipped, the always-cancel runs.
clear_access_log
write_buy_flow "$TMP/broken.json" pay-broken
run "$PROBE" flow --json "$TMP/broken.json"
expect_rc "failing middle step" 1
validate "$TMP/out"
jq -e '(.ok | not) and .failed_step == "pay" and .error == "expected status 2xx, got 502" and
       (.steps | map(.outcome) == ["ok", "ok", "failed", "skipped", "ok"]) and .steps[4].always and
       .steps[4].status == 204 and (.steps[3] | has("status") | not)' "$TMP/out" >/dev/null ||
  fail "failing middle step: $(cat "$TMP/out")"
access_log | grep -qx "DELETE /cart/c-81f2 204" || fail "cleanup did not reach nginx: $(access_log)"
access_log | grep -q "receipt" && fail "receipt ran after the failure: $(access_log)"

# The whole-flow timeout while a step hangs: pay goes to a listener that
# never answers; the flow stops at 1 s, not at the step's 10 s, and the
# cleanup still runs.
clear_access_log
write_buy_flow "$TMP/hang.json" pay '.timeout = "1s" | .steps[2].url = "{base}/hang/pay"'
started_at=$(date +%s%N)
run "$PROBE" flow --json "$TMP/hang.json"
elapsed_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))
expect_rc "flow timeout" 1
validate "$TMP/out"
(( elapsed_ms >= 900 && elapsed_ms < 5000 )) || fail "flow timeout: took $elapsed_ms ms"
jq -e '.timed_out and .failed_step == "pay" and (.error | startswith("flow timeout after 1000 ms (timeout after ")) and
       (.steps | map(.outcome) == ["ok", "ok", "failed", "skipped", "ok"])' "$TMP/out" >/dev/null ||
  fail "flow timeout: $(cat "$TMP/out")"
access_log | grep -qx "DELETE /cart/c-81f2 204" || fail "cleanup after the timeout: $(access_log)"

# A capture that finds nothing names the step and the pointer.
write_buy_flow "$TMP/capture.json" pay '.steps[1].capture.cart_id.json = "/cart/id"'
run "$PROBE" flow --json "$TMP/capture.json"
expect_rc "missing capture" 1
validate "$TMP/out"
jq -e '.failed_step == "cart" and .error == "capture cart_id: nothing at /cart/id in the response body"' \
  "$TMP/out" >/dev/null || fail "missing capture: $(cat "$TMP/out")"
jq -e '.steps[2].url == "http://127.0.0.1:'"$PORT_shop"'/cart/{cart_id}/pay"' "$TMP/out" >/dev/null ||
  fail "an uncaptured variable in a skipped step's URL: $(cat "$TMP/out")"

# Cookies live for one run: with a fresh jar each run, pay on run 2 still
# needs the cart step's cookie, and gets it. --count with --interval and
# --window: a flow.window after every 2 runs.
write_buy_flow "$TMP/broken.json" pay-broken '.name = "broken"'
run "$PROBE" flow --json --count 4 --interval 20ms --window 2 "$TMP/buy.json" "$TMP/broken.json"
expect_rc "repeated, one flow failing" 1
validate "$TMP/out"
jq -se 'map(select(.kind == "flow")) | length == 8 and (map(select(.flow == "buy") | .ok) | all) and
        (map(select(.flow == "buy") | .run) == [1, 2, 3, 4])' "$TMP/out" >/dev/null || fail "runs: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "flow.window")) | length == 4 and
        (map(select(.flow == "buy")) | all(.runs == 2 and .failed == 0 and .success_ratio == 1 and .p95_ms >= .p50_ms)) and
        (map(select(.flow == "broken")) | all(.success_ratio == 0 and (has("p50_ms") | not)))' \
  "$TMP/out" >/dev/null || fail "windows: $(cat "$TMP/out")"
# Cookies do not outlive a run: the first step pays without a session and
# must be refused on every run, the second run included. The key comes from
# a 0600 file beside the flow this time, and shows redacted in the URL.
printf 'sk-test-123\n' >"$TMP/shop.key"
chmod 600 "$TMP/shop.key"
write_buy_flow "$TMP/cookies.json" pay '.secrets.api_key = {"file": "shop.key"} |
  .steps[0].url = "{base}/catalog?key={api_key}" |
  .steps = [{"name": "pay-without-session", "method": "POST", "url": "{base}/cart/c-81f2/pay",
             "expect": {"status": "403"}}] + .steps'
clear_access_log
run env -u SHOP_API_KEY "$PROBE" flow --json --count 2 --interval 10ms "$TMP/cookies.json"
expect_rc "fresh cookie jar per run" 0
validate "$TMP/out"
jq -se 'map(select(.kind == "flow")) | length == 2 and all(.ok) and
        all(.steps[1].url == "http://127.0.0.1:'"$PORT_shop"'/catalog?key=<secret from file '"$TMP"'/shop.key>")' \
  "$TMP/out" >/dev/null || fail "fresh cookie jar per run: $(cat "$TMP/out")"
[[ $(access_log | grep -c "^POST /cart/c-81f2/pay 403$") -eq 2 ]] || fail "cookies across runs: $(access_log)"
grep -q "sk-test-123" "$TMP/out" && fail "the file secret leaked: $(cat "$TMP/out")"
# --watch until SIGINT: the run in progress finishes, the window of the
# runs so far is written, exit 130. (A script starts `cmd &` with SIGINT
# ignored; env gives the default back.)
env --default-signal=INT,TERM "$PROBE" flow --json --watch --interval 50ms "$TMP/buy.json" >"$TMP/watch.out" 2>"$TMP/err" &
watcher=$!
started $watcher
wait_lines "$TMP/watch.out" 2 10
kill -INT $watcher
wait_exit $watcher 10
expect_rc "--watch, SIGINT" 130
RC=0
jq -se '(.[-1].kind == "flow.window") and (.[-1].runs == (map(select(.kind == "flow")) | length))' \
  "$TMP/watch.out" >/dev/null || fail "--watch: $(cat "$TMP/watch.out")"
echo "flow_nginx: ok"
