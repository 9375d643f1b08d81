#!/usr/bin/env bash
# evt-budget reads evt-load's load.window records as the events of the error
# budget on the run's --name. A real evt-load run against a loopback server
# that answers every 4th request with a 500, piped into `evt-budget check`:
# outside a staging window and without include_synthetic the budget is
# untouched and the windows left out are said on stderr; with
# include_synthetic the failed requests burn it (`status --json` shows
# them); fed again, nothing changes. The run's load.summary is ignored like
# any kind evt-budget does not take.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"

LOAD="$EVT_BIN_DIR/evt-load"

cat >"$TMP/server.py" <<'PY'
import http.server, sys, threading

lock = threading.Lock()
served = 0

class FailsEveryFourth(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        global served
        with lock:
            served += 1
            status = 500 if served % 4 == 0 else 200
        body = b"ok\n" if status == 200 else b"boom\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FailsEveryFourth)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
PY
/usr/bin/python3 "$TMP/server.py" "$TMP/port" &
started $!
for ((i = 0; i < 100; i++)); do
  [[ ! -s $TMP/port ]] || break
  sleep 0.05
done
[[ -s $TMP/port ]] || fail "the test server did not start"
URL="http://127.0.0.1:$(cat "$TMP/port")/"

# config INCLUDE: an event running from an hour ago to an hour from now
# (the windows are stamped with the real time), with an error budget on the
# load run's name, 1 % of its events allowed to fail; INCLUDE is spliced in.
config() {
  cat >"$EVT_CONFIG" <<JSON
{
  "site": { "name": "test", "starts_at": "$(date -u -d '-1 hour' +%FT%TZ)", "ends_at": "$(date -u -d '+1 hour' +%FT%TZ)" },
  "budget": {
    "budgets": [ { "name": "checkout-slo", "unit": "error", "objective": 0.99, "events_from": "checkout" $1 } ]
  }
}
JSON
}
config ""

# budget FIELD: a field of the checkout-slo record `status --json` printed.
budget() { jq -r --arg f "$1" 'select(.name == "checkout-slo") | .[$f]' "$TMP/out"; }

# load_into_check: the load run piped straight into `evt-budget check`,
# its records kept in $TMP/load.jsonl and its stderr in $TMP/load.err.
load_into_check() {
  "$LOAD" run "$URL" --rate 40 --duration 3s --name checkout 2>"$TMP/load.err" | tee "$TMP/load.jsonl" |
    "$BUDGET" check -
}

# Outside staging, without include_synthetic: left out, and said so.
export EVT_STATE_DIR="$TMP/state-live"
run load_into_check
expect_rc "evt-load run | evt-budget check, synthetic left out ($(cat "$TMP/load.err"))" 0
validate "$TMP/load.jsonl"
validate "$TMP/out"
windows=$(jq -s '[.[] | select(.kind == "load.window")] | length' "$TMP/load.jsonl")
completed=$(jq -s '[.[] | select(.kind == "load.window") | .completed] | add' "$TMP/load.jsonl")
failed=$(jq -s '[.[] | select(.kind == "load.window") | .errors[]] | add // 0' "$TMP/load.jsonl")
[[ $windows -ge 3 && $completed -ge 100 && $failed -ge 20 ]] ||
  fail "the load run did not give the windows expected ($windows windows, $completed completed, $failed failed)"
[[ $(jq -s '[.[] | select(.kind == "load.summary")] | length' "$TMP/load.jsonl") == 1 ]] ||
  fail "the load run wrote no summary: $(cat "$TMP/load.jsonl")"

grep -q "ignored $windows synthetic records (load); a budget counts them" "$TMP/err" ||
  fail "the left-out windows are not reported ($windows expected): $(cat "$TMP/err")"
grep -q "ignored 1 record: 1 load.summary" "$TMP/err" || fail "the summary is not reported as ignored: $(cat "$TMP/err")"
run "$BUDGET" status --json
expect_rc "status, synthetic left out" 0
validate "$TMP/out"
[[ $(budget state) == ok && $(budget spent) == 0 && $(budget limit) == 0 ]] ||
  fail "outside staging, the load run touched the budget: $(cat "$TMP/out")"

# With include_synthetic: every completed request an event, the failed ones
# bad: 25 % against 1 % allowed is over.
config ', "include_synthetic": true'
export EVT_STATE_DIR="$TMP/state-included"
run "$BUDGET" check "$TMP/load.jsonl"
expect_rc "check, synthetic included: the budget is over" 1
validate "$TMP/out"
! grep -q "synthetic" "$TMP/err" || fail "with include_synthetic, windows were left out: $(cat "$TMP/err")"
run "$BUDGET" status --json
expect_rc "status, synthetic included" 0
validate "$TMP/out"
expected_limit=$(jq -n "$completed * 0.01")
[[ $(budget state) == over && $(budget spent) == "$failed" ]] ||
  fail "the budget does not show the $failed failed requests: $(cat "$TMP/out")"
jq -se --argjson limit "$expected_limit" '.[] | select(.name == "checkout-slo") | (.limit - $limit) | fabs < 1e-6' "$TMP/out" \
  >/dev/null || fail "the budget does not count the $completed completed requests (limit $expected_limit): $(cat "$TMP/out")"
# Fed again, the same windows change nothing.
run "$BUDGET" ingest "$TMP/load.jsonl"
expect_rc "ingest again" 0
run "$BUDGET" status --json
jq -se --argjson limit "$expected_limit" --argjson failed "$failed" \
  '.[] | select(.name == "checkout-slo") | .spent == $failed and ((.limit - $limit) | fabs < 1e-6)' "$TMP/out" \
  >/dev/null || fail "feeding the windows again changed the budget: $(cat "$TMP/out")"
exit 0
