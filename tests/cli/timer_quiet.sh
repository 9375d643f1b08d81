#!/usr/bin/env bash
# Quiet when all is well (doc/design.md §8.2): every command a timer starts
# (the ExecStart= of systemd/*.service.in with a .timer.in beside it) and
# an always-on daemon's start-up, run at the default level as their unit
# runs them, against a healthy temp site on loopback, exit 0 and write
# nothing to stderr, so neither cron's mail nor the journal fills up every
# 30 s. Then what the levels and the journal add: -v says what the run did;
# with JOURNAL_STREAM naming stderr every line carries its syslog priority,
# and a stderr that is not that stream carries none.
source "$(dirname "$0")/lib.sh"
src=${EVT_SOURCE_DIR:?}
bin=${EVT_BIN_DIR:?}

# The timers' commands, with the installed bindir as the built one.
: >"$TMP/units.txt"
for timer in "$src"/systemd/*.timer.in; do
  sed -n -e 's/^ExecStart=//' -e 's#@CMAKE_INSTALL_FULL_BINDIR@/##g' -e "s#^/bin/sh -c '\(.*\)'\$#\1#" -e '/^evt-/p' \
    "${timer%.timer.in}.service.in" >>"$TMP/units.txt"
done
[[ $(wc -l <"$TMP/units.txt") -ge 7 ]] || fail "fewer timers than expected: $(cat "$TMP/units.txt")"

# The site: a shop and a metrics endpoint (one loopback web server), a gate
# and a kiosk reached through their own state dirs, a service to shed.
mkdir -p "$TMP/www" "$TMP/gate-b" "$TMP/kiosk-b" "$TMP/svc" "$TMP/state" "$TMP/bin" "$TMP/books" \
  "$TMP/var/lib/prometheus/node-exporter"
chmod 700 "$TMP/gate-b" "$TMP/kiosk-b" "$TMP/state"
echo '{"items":[{"sku":"TEE-M","price":2500}]}' >"$TMP/www/catalog"
printf '# TYPE edge_fn_invocations_total counter\nedge_fn_invocations_total 42\n' >"$TMP/www/metrics"
port=$(free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.log" 2>&1 &
started $!
wait_listening "$port"
serve_port=$(free_port)
cat >"$TMP/buy.json" <<JSON
{ "name": "buy", "timeout": "5s", "variables": {"base": "http://127.0.0.1:$port"},
  "steps": [ {"name": "catalog", "url": "{base}/catalog", "expect": {"status": "200", "json": {"/items/0/sku": {"equals": "TEE-M"}}}} ] }
JSON
cat >"$TMP/bin/to-gate" <<SH
#!/bin/sh
shift; exec "$bin/evt-token" --state-dir "$TMP/gate-b" "\$@"
SH
cat >"$TMP/bin/to-kiosk" <<SH
#!/bin/sh
shift; exec "$bin/evt-price" --state-dir "$TMP/kiosk-b" "\$@"
SH
cat >"$TMP/bin/svc" <<'SH'
#!/bin/sh
case $1 in
  status) [ -e "$SVC_DIR/$2" ] && exit 0; exit 3 ;;
  start) touch "$SVC_DIR/$2" ;;
  stop) rm -f "$SVC_DIR/$2" ;;
esac
SH
chmod +x "$TMP/bin/to-gate" "$TMP/bin/to-kiosk" "$TMP/bin/svc"
export SVC_DIR=$TMP/svc
touch "$SVC_DIR/analytics"
# A runbook of the site's own that says something at every level.
cat >"$TMP/books/levels.lua" <<'LUA'
return { description = "one line at each level", run = function()
  evt.log.info("all is well") evt.log.warn("a gate is slow") evt.log.error("a gate is gone")
end }
LUA
cat >"$TMP/event.json" <<JSON
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2099-12-05T22:00:00Z" },
  "probe": { "targets": { "checkout": { "check": "flow", "flow": "$TMP/buy.json" } } },
  "price": { "catalog": "$src/examples/price/catalog.json", "promotions": "$src/examples/price/promotions.json" },
  "token": { "issuer": "test", "audience": "gate", "ttl": "2m" },
  "scrape": { "sources": { "edge": { "prometheus": "http://127.0.0.1:$port/metrics", "match": ["edge_fn_invocations_total"] } } },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical", "analytics": { "tier": "non-essential", "watts": 40 } },
    "budgets": [ { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR" } ] },
  "outbox": { "kiosk": "kiosk-a", "queues": { "orders": { "class": "critical", "destinations": ["shop"] } },
              "destinations": { "shop": { "type": "http", "url": "http://127.0.0.1:$port/api/orders", "idempotency": true } } },
  "runbook": { "dirs": ["$src/runbooks", "$TMP/books"], "allow_exec": ["$TMP/bin/to-gate", "$TMP/bin/to-kiosk", "$TMP/bin/svc"],
               "serve": { "listen": "127.0.0.1:$serve_port" } },
  "runbooks": {
    "gate-sync": { "gates": ["gate-b"], "transport": ["$TMP/bin/to-gate", "{gate}"] },
    "redemption-sync": { "kiosks": ["kiosk-b"], "transport": ["$TMP/bin/to-kiosk", "{kiosk}"] },
    "shed-non-essential": { "status": { "analytics": ["$TMP/bin/svc", "status", "analytics"] },
                            "pause": { "analytics": ["$TMP/bin/svc", "stop", "analytics"] },
                            "resume": { "analytics": ["$TMP/bin/svc", "start", "analytics"] } } }
}
JSON
# As the units set them; no terminal anywhere, as under systemd or cron.
export EVT_CONFIG=$TMP/event.json EVT_STATE_DIR=$TMP/state
unset JOURNAL_STREAM NO_COLOR

# argv LINE: the unit's command line as an argv for this site, or a pipe
# line for sh (both cron and the unit's /bin/sh -c run those).
job() {
  local line=${1//\/var\/lib\//$TMP/var/lib/}
  if [[ $line == *"|"* ]]; then
    env PATH="$bin:$PATH" sh -c "$line"
  else
    local argv
    read -r -a argv <<<"$line"
    "$bin/$(basename "${argv[0]}")" "${argv[@]:1}"
  fi
}

# Every timer's command, twice: a first run and the steady state after it
# (a gate already in sync, a service already as it should be).
for round in first second; do
  while IFS= read -r line; do
    run job "$line" </dev/null
    expect_rc "$round run of \"$line\"" 0
    expect_no_stderr "$round run of \"$line\" at the default level"
  done <"$TMP/units.txt"
done
grep -q edge_fn_invocations_total "$TMP/var/lib/prometheus/node-exporter/evt-scrape.prom" ||
  fail "the scrape job wrote no textfile"

# An always-on daemon's start-up: up and serving, then stopped as systemd
# stops it (SIGTERM: 143, §8.1).
daemon() {  # READY-CHECK CMD...
  local ready=$1 pid
  shift
  "$bin/$1" "${@:2}" </dev/null >"$TMP/out" 2>"$TMP/err" &
  pid=$!
  started "$pid"
  $ready
  kill -TERM "$pid"
  wait_exit "$pid" 10
  expect_rc "$* stopped by SIGTERM" 143
  expect_no_stderr "$*: its start-up at the default level"
}
serving() { wait_listening "$serve_port"; }
daemon serving evt-runbook serve

# -v says what the run did; the same run without it said nothing (above).
run "$bin/evt-runbook" -v run gate-sync </dev/null
expect_rc "gate-sync -v" 0
grep -q '^evt-runbook: gate-sync: info: synced with 1 gate(s); 0 unreachable$' "$TMP/err" ||
  fail "-v: no info line: $(cat "$TMP/err")"
# -q: only the error.
run "$bin/evt-runbook" -q run levels </dev/null
expect_rc "levels -q" 0
[[ $(cat "$TMP/err") == "evt-runbook: levels: error: a gate is gone" ]] || fail "-q: $(cat "$TMP/err")"

# The journal: JOURNAL_STREAM names the file stderr goes to, as systemd
# names the stream it connected. Each line starts with its priority.
journal_run() {  # FILE CMD...: runs CMD with stderr appended to FILE, named as the journal
  local file=$1
  shift
  : >"$file"
  set +e
  JOURNAL_STREAM=$(stat -c %d:%i "$file") "$@" </dev/null >"$TMP/out" 2>>"$file"
  RC=$?
  set -e
}
journal_run "$TMP/journal" "$bin/evt-runbook" -v run levels
expect_rc "levels into the journal" 0
printf '%s\n' "<6>evt-runbook: levels: info: all is well" "<4>evt-runbook: levels: warning: a gate is slow" \
  "<3>evt-runbook: levels: error: a gate is gone" >"$TMP/expected"
diff "$TMP/expected" "$TMP/journal" || fail "runbook log lines in the journal: $(cat "$TMP/journal")"
# A tool's own messages: an error, and a child tool's stderr that
# evt-runbook relays in its reason (the child wrote into a pipe, not the
# journal, so its words come once, inside evt-runbook's error line).
echo '{"kind":"scan.event","v":1}' >"$TMP/bad.jsonl"
journal_run "$TMP/journal" "$bin/evt-token" scans merge "$TMP/bad.jsonl"
expect_rc "a bad merge into the journal" 65
grep -q '^<3>evt-token: .*bad.jsonl:1: ' "$TMP/journal" || fail "an error into the journal: $(cat "$TMP/journal")"
cat >"$TMP/books/child-fails.lua" <<'LUA'
local records = require("evt_records")
return { description = "a tool that fails", run = function()
  evt.step("merge", function() records.require_code(evt.tool("token", { "scans", "merge", evt.var("file") }), "scans merge") end)
end, params = { file = { default = "" } } }
LUA
journal_run "$TMP/journal" "$bin/evt-runbook" run child-fails --var "file=$TMP/bad.jsonl"
expect_rc "a failed child into the journal" 1
[[ $(grep -c . "$TMP/journal") -eq 1 ]] || fail "one line expected: $(cat "$TMP/journal")"
grep -q '^<3>evt-runbook: .*scans merge exited 65: evt-token: .*bad.jsonl:1: ' "$TMP/journal" ||
  fail "the child's reason, relayed: $(cat "$TMP/journal")"
# JOURNAL_STREAM inherited by a process whose stderr went elsewhere (a
# pipe, a file): no prefixes there.
: >"$TMP/journal"
JOURNAL_STREAM=$(stat -c %d:%i "$TMP/journal") "$bin/evt-runbook" run levels </dev/null >/dev/null 2>"$TMP/err"
[[ $(cat "$TMP/err") == $'evt-runbook: levels: warning: a gate is slow\nevt-runbook: levels: error: a gate is gone' ]] ||
  fail "stderr not the journal's stream: $(cat "$TMP/err")"
exit 0
