#!/usr/bin/env bash
# Every recurring job of a site has a timer, and what the documentation
# tells an operator to schedule runs: the crontab
# lines of the man pages and the ExecStart= of every timer's service are
# extracted and run, as cron and systemd would, against a temp site on
# loopback. A job named there that does not exist, or fails, fails this.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
src=${EVT_SOURCE_DIR:?}

# The crontab lines: five time fields, then an evt command, in a man page's
# example block; roff's \- and \e undone.
sed -n 's/^\([*0-9,/-]\+ \+[*0-9,/-]\+ \+[*0-9,/-]\+ \+[*0-9,/-]\+ \+[*0-9,/-]\+\) \+\(evt\\-.*\)$/\2/p' "$src"/man/src/*.roff |
  sed -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$TMP/cron.txt"
[[ -s $TMP/cron.txt ]] || fail "no crontab line in man/src/*.roff"
# The timers' services, with the installed bindir as the built one.
: >"$TMP/units.txt"
for timer in "$src"/systemd/*.timer.in; do
  service=${timer%.timer.in}.service.in
  [[ -f $service ]] || fail "$(basename "$timer") has no service"
  sed -n -e 's/^ExecStart=//' -e 's#@CMAKE_INSTALL_FULL_BINDIR@/##g' -e "s#^/bin/sh -c '\(.*\)'\$#\1#" -e '/^evt-/p' \
    "$service" >>"$TMP/units.txt"
done
for job in "evt-runbook run gate-sync" "evt-runbook run redemption-sync" "evt-runbook run shed-non-essential" \
           "evt-runbook run synthetic-buy" "evt-scrape run --json | evt-budget check -" "evt-scrape run"; do
  grep -q "^$job" "$TMP/units.txt" || fail "no timer runs \"$job\": $(cat "$TMP/units.txt")"
  grep -q "^$job" "$TMP/cron.txt" || fail "no crontab line runs \"$job\": $(cat "$TMP/cron.txt")"
done

# The site: a shop and a metrics endpoint (one loopback web server), a
# gate and a kiosk reached through their own state dirs, two services.
mkdir -p "$TMP/www" "$TMP/gate-b" "$TMP/kiosk-b" "$TMP/svc" "$TMP/var/lib/prometheus/node-exporter"
chmod 700 "$TMP/gate-b" "$TMP/kiosk-b"
echo '{"items":[{"sku":"TEE-M","price":2500}]}' >"$TMP/www/catalog"
printf '# TYPE edge_fn_invocations_total counter\nedge_fn_invocations_total 42\n' >"$TMP/www/metrics"
port=$(free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$TMP/www" >"$TMP/http.log" 2>&1 &
started $!
wait_listening "$port"
cat >"$TMP/buy.json" <<JSON
{ "name": "buy", "timeout": "5s", "variables": {"base": "http://127.0.0.1:$port"},
  "steps": [ {"name": "catalog", "url": "{base}/catalog", "expect": {"status": "200", "json": {"/items/0/sku": {"equals": "TEE-M"}}}} ] }
JSON
cat >"$TMP/bin/to-gate" <<SH
#!/bin/sh
shift; exec "$EVT_BIN_DIR/evt-token" --state-dir "$TMP/gate-b" "\$@"
SH
cat >"$TMP/bin/to-kiosk" <<SH
#!/bin/sh
shift; exec "$EVT_BIN_DIR/evt-price" --state-dir "$TMP/kiosk-b" "\$@"
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
  "runbook": { "dirs": ["$src/runbooks"], "allow_exec": ["$TMP/bin/to-gate", "$TMP/bin/to-kiosk", "$TMP/bin/svc"] },
  "runbooks": {
    "gate-sync": { "gates": ["gate-b"], "transport": ["$TMP/bin/to-gate", "{gate}"] },
    "redemption-sync": { "kiosks": ["kiosk-b"], "transport": ["$TMP/bin/to-kiosk", "{kiosk}"] },
    "shed-non-essential": { "status": { "analytics": ["$TMP/bin/svc", "status", "analytics"] },
                            "pause": { "analytics": ["$TMP/bin/svc", "stop", "analytics"] },
                            "resume": { "analytics": ["$TMP/bin/svc", "start", "analytics"] } } }
}
JSON
export EVT_CONFIG=$TMP/event.json

# Each line as its scheduler runs it: the built binaries for the installed
# ones, the temp site's /var/lib for the host's.
# A line that pipes one job into another runs through sh, as both cron and
# the unit's /bin/sh -c do.
run_job() {  # SOURCE COMMAND-LINE
  local line=${2//\/var\/lib\//$TMP/var/lib/}
  if [[ $line == *"|"* ]]; then
    run env PATH="$EVT_BIN_DIR:$PATH" sh -c "$line"
  else
    read -r -a argv <<<"$line"
    argv[0]=$EVT_BIN_DIR/$(basename "${argv[0]}")
    run "${argv[@]}"
  fi
  expect_rc "$1: $2" 0
}
while IFS= read -r line; do run_job "crontab line" "$line"; done <"$TMP/cron.txt"
while IFS= read -r line; do
  [[ $line == evt-failover* ]] && continue  # the daemon, not a timer's job
  run_job "unit" "$line"
done <"$TMP/units.txt"
[[ -s $TMP/var/lib/prometheus/node-exporter/evt-scrape.prom ]] || fail "the scrape job wrote no textfile"
grep -q edge_fn_invocations_total "$TMP/var/lib/prometheus/node-exporter/evt-scrape.prom" ||
  fail "the textfile lacks the metric: $(cat "$TMP/var/lib/prometheus/node-exporter/evt-scrape.prom")"
run "$RUNBOOK" history --json
for job in gate-sync redemption-sync shed-non-essential synthetic-buy; do
  [[ $(jq -s --arg r "$job" 'map(select(.kind == "runbook" and .runbook == $r and .outcome == "ok")) | length' "$TMP/out") -ge 2 ]] ||
    fail "$job did not run ok from both cron and its timer: $(cat "$TMP/out")"
done
exit 0
