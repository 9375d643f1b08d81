#!/usr/bin/env bash
# evt.notify posts into a real Alertmanager (Debian's prometheus-alertmanager,
# started here on loopback with a webhook receiver of ours): the alert is
# listed by /api/v2/alerts with evt's labels and annotations, reaches the
# receiver firing, and, its endsAt being the dedup window, resolved after it;
# an explicit resolve ends one at once.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
am=$(command -v prometheus-alertmanager || command -v alertmanager) ||
  fail "Alertmanager is needed (Debian: prometheus-alertmanager; scripts/install-deps.sh test)"
receiver=$(dirname "$0")/notify_receiver.py

python3 "$receiver" serve "$TMP/received" "$TMP/hook.port" &
started $!
hook_port=$(wait_port_file "$TMP/hook.port")
am_port=$(free_port)
cat >"$TMP/alertmanager.yml" <<YAML
route:
  receiver: oncall
  group_by: [alertname, site]
  group_wait: 100ms
  group_interval: 500ms
  repeat_interval: 1h
receivers:
  - name: oncall
    webhook_configs:
      - url: http://127.0.0.1:$hook_port/alertmanager
        send_resolved: true
YAML
# --cluster.listen-address= turns gossip off: nothing but loopback HTTP.
"$am" --config.file="$TMP/alertmanager.yml" --storage.path="$TMP/am-data" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= --log.level=warn 2>"$TMP/am.log" &
started $!
wait_listening "$am_port"
for ((i = 0; i < 100; i++)); do
  curl -sf "http://127.0.0.1:$am_port/-/ready" >/dev/null && break
  sleep 0.1
done

cat >"$TMP/event.json" <<JSON
{ "site": { "name": "gate-7" },
  "runbook": { "notify": { "alertmanager": { "url": "http://127.0.0.1:$am_port/", "timeout": "2s" },
                           "dedup_window": "2s" } } }
JSON
export EVT_CONFIG=$TMP/event.json
cat >"$TMP/books/page.lua" <<'LUA'
return { description = "pages on-call", run = function()
  assert(evt.notify("uplink down at the gate\non 5G since 14:02", {severity = "critical", key = "UplinkDown"}),
         "not delivered")
  assert(not evt.notify("uplink down at the gate", {key = "UplinkDown"}), "not deduplicated")
end }
LUA
run "$RUNBOOK" run "$TMP/books/page.lua"
expect_rc "notify" 0
run_id=$(jq -r 'select(.kind == "runbook") | .run_id' "$TMP/out")

curl -sf "http://127.0.0.1:$am_port/api/v2/alerts" >"$TMP/alerts.json" || fail "Alertmanager API: $(cat "$TMP/am.log")"
jq -e --arg run "$run_id" --arg host "$(uname -n)" '
  length == 1 and .[0].labels == {alertname: "UplinkDown", site: "gate-7", severity: "critical", runbook: "page"}
  and .[0].annotations.summary == "uplink down at the gate"
  and .[0].annotations.description == "uplink down at the gate\non 5G since 14:02\n\nrunbook page, run \($run) on \($host)"
  and .[0].status.state == "active"' "$TMP/alerts.json" >/dev/null || fail "alerts in Alertmanager: $(cat "$TMP/alerts.json")"

# Firing, then resolved once endsAt (the 2 s window) has passed.
for ((i = 0; i < 160; i++)); do
  [[ -s $TMP/received ]] && jq -se 'map(.body | fromjson | .status) | index("resolved") != null' "$TMP/received" >/dev/null &&
    break
  sleep 0.05
done
jq -se 'map(.path == "/alertmanager") | all' "$TMP/received" >/dev/null || fail "receiver: $(cat "$TMP/received")"
jq -se 'map(.body | fromjson) | (.[0].status == "firing") and (.[-1].status == "resolved")
        and (.[0].alerts[0].labels.alertname == "UplinkDown") and (.[-1].alerts[0].labels.site == "gate-7")' \
  "$TMP/received" >/dev/null || fail "expected firing then resolved: $(cat "$TMP/received")"

# An explicit resolve (resolved = true, the same key and severity) ends the
# alert at once, long before its window.
jq '.runbook.notify.dedup_window = "1h"' "$TMP/event.json" >"$TMP/hour.json"
cat >"$TMP/books/power.lua" <<'LUA'
return { description = "UPS", params = { state = { default = "low" } }, run = function()
  assert(evt.notify("UPS on battery", {key = "PowerLow", resolved = evt.var("state") == "ok"}), "not delivered")
end }
LUA
EVT_CONFIG=$TMP/hour.json run "$RUNBOOK" run "$TMP/books/power.lua"
expect_rc "power low" 0
curl -sf "http://127.0.0.1:$am_port/api/v2/alerts?filter=alertname%3D%22PowerLow%22" >"$TMP/power.json"
jq -e 'length == 1 and .[0].status.state == "active"' "$TMP/power.json" >/dev/null || fail "PowerLow: $(cat "$TMP/power.json")"
EVT_CONFIG=$TMP/hour.json run "$RUNBOOK" run "$TMP/books/power.lua" --var state=ok
expect_rc "power ok" 0
curl -sf "http://127.0.0.1:$am_port/api/v2/alerts?filter=alertname%3D%22PowerLow%22" >"$TMP/power.json"
jq -e 'length == 0' "$TMP/power.json" >/dev/null || fail "PowerLow still active after its resolve: $(cat "$TMP/power.json")"

# An Alertmanager that refuses the alert (a 4xx) is reported, not retried.
jq '.runbook.notify.alertmanager.url = "http://127.0.0.1:'"$am_port"'/nothing-here"' "$TMP/event.json" >"$TMP/wrong.json"
cat >"$TMP/books/wrong.lua" <<'LUA'
return { description = "pager path wrong", run = function() assert(not evt.notify("y")) end }
LUA
EVT_CONFIG=$TMP/wrong.json run "$RUNBOOK" run "$TMP/books/wrong.lua"
expect_rc "wrong path" 0
grep -q "notify: alertmanager http://127.0.0.1:$am_port/nothing-here: HTTP 404" "$TMP/err" || fail "404: $(cat "$TMP/err")"
