#!/usr/bin/env bash
# doc/design.md §9.4: the shipped notify-oncall runbook pages, and says so in its
# exit code. The project's example, pointed at a loopback receiver, pages;
# settings nothing would read are refused by config check (78); a message
# the dedup window holds back is 0, a webhook that refuses is 69, one worth
# retrying (5xx, nobody listening) is 75, no transport is 78; and a
# failover path's on_down hook, as the example writes it, pages end to end.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed for the webhook server"
export PATH="$EVT_BIN_DIR:$PATH"

export ONCALL_HOOK="hook-key-$RANDOM$RANDOM"
python3 "$(dirname "$0")/notify_webhook_server.py" "$ONCALL_HOOK" "$TMP/received" "$TMP/port" "$TMP/status" &
started $!
port=$(wait_port_file "$TMP/port")
hook="http://127.0.0.1:$port/oncall"
: >"$TMP/received"

# The example's runbook sections, its webhook URL pointed here.
jq --arg hook "$hook" '{site: {name: "t"}, runbook: (.runbook | del(.dirs)), runbooks}
                       | walk(if . == "https://hooks.example.net/oncall" then $hook else . end)' \
  "$EVT_SOURCE_DIR/examples/event.json" >"$TMP/event.json"
export EVT_CONFIG=$TMP/event.json
run "$RUNBOOK" config check
expect_rc "config check of the example" 0

page() { run "$RUNBOOK" run --yes notify-oncall --var "message=$1" --var severity=critical; }
received() { wc -l <"$TMP/received"; }

page "uplink down at the gate"
expect_rc "the example pages" 0
[[ $(received) == 1 ]] || fail "the example paged nobody: $(cat "$TMP/err")"
jq -e '.signature_ok and .body.runbook == "notify-oncall" and .body.severity == "critical"
       and .body.message == "uplink down at the gate"' "$TMP/received" >/dev/null || fail "page: $(cat "$TMP/received")"
! grep -q "$ONCALL_HOOK" "$TMP/out" "$TMP/err" || fail "the hook key leaked"
page "uplink down at the gate"
expect_rc "a page the dedup window holds back" 0
[[ $(received) == 1 ]] || fail "the dedup window let a second page through"

# Settings that would be read and ignored are refused.
jq '.runbooks."notify-oncall" = {webhook: .runbook.notify.webhook} | del(.runbook.notify)' \
  "$TMP/event.json" >"$TMP/ignored.json"
run "$RUNBOOK" config check --config "$TMP/ignored.json"
expect_rc "a webhook under runbooks.notify-oncall" 78
grep -q "/runbooks/notify-oncall: \"webhook\": notify-oncall has no settings of its own; its transports are /runbook/notify" \
  "$TMP/err" || fail "ignored webhook: $(cat "$TMP/err")"
jq '.runbook.notify = {dedup_window: "5m"}' "$TMP/event.json" >"$TMP/no-transport.json"
run "$RUNBOOK" config check --config "$TMP/no-transport.json"
expect_rc "a notify section without a transport" 78
grep -q "/runbook/notify: expected at least one transport: webhook, alertmanager, ntfy, slack, matrix, command" "$TMP/err" ||
  fail "no transport: $(cat "$TMP/err")"

# A page that did not go out fails the run with its reason's code.
echo 403 >"$TMP/status"
page "refused"
expect_rc "a webhook that refuses" 69
grep -q "notify: webhook $hook: HTTP 403" "$TMP/err" || fail "refused: $(cat "$TMP/err")"
echo 503 >"$TMP/status"
page "server error"
expect_rc "a webhook that fails for now" 75
jq '.runbook.notify.webhook.url = "http://127.0.0.1:1/oncall"' "$TMP/event.json" >"$TMP/nobody.json"
EVT_CONFIG=$TMP/nobody.json page "nobody listens"
expect_rc "a webhook nobody listens on" 75
jq 'del(.runbook.notify)' "$TMP/event.json" >"$TMP/unset.json"
EVT_CONFIG=$TMP/unset.json page "no transport"
expect_rc "no transport configured" 78
rm -f "$TMP/status"

# The failover hook, as the example writes it: primary goes down, on_down
# runs notify-oncall, the receiver gets the page.
jq '.failover.paths[0].on_down' "$EVT_SOURCE_DIR/examples/event.json" >"$TMP/on_down.json"
jq --slurpfile on_down "$TMP/on_down.json" '. + {
  probe: {targets: {uplink: {check: "tcp", address: "127.0.0.1:1"}, slice: {check: "tcp", address: "127.0.0.1:2"}}},
  failover: {paths: [{name: "primary", targets: ["uplink"], rise: 2, fall: 2, on_down: $on_down[0]},
                     {name: "5g", targets: ["slice"]}]}}' "$TMP/event.json" >"$TMP/site.json"
export EVT_CONFIG=$TMP/site.json
: >"$TMP/received"
python3 "$EVT_SOURCE_DIR/tests/cli/failover/probe_stream.py" 0 500 uplink=11111000000 slice=1 >"$TMP/probes.jsonl"
run "$EVT_BIN_DIR/evt-failover" decide --state-dir "$TMP/failover" <"$TMP/probes.jsonl"
expect_rc "evt-failover decide" 0
jq -se 'map(.event + ":" + .path) | index("down:primary") != null' "$TMP/out" >/dev/null ||
  fail "primary did not go down: $(cat "$TMP/out")"
[[ $(received) == 1 ]] || fail "the on_down hook paged nobody: $(cat "$TMP/err")"
jq -e '.signature_ok and .body.severity == "critical" and .body.message == "primary uplink down"' "$TMP/received" \
  >/dev/null || fail "hook page: $(cat "$TMP/received")"
