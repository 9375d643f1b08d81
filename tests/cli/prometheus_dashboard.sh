#!/usr/bin/env bash
# prometheus/evt-dashboard.json against a real Prometheus: node_exporter's
# textfile collector serves what evt-probe (probes and a flow), evt-scrape
# and evt-budget write (run as their own tests run them, against loopback
# peers), a Prometheus on a free loopback port scrapes it every second with
# the site label a site's scrape config attaches, and loads
# prometheus/evt-rules.yml.
# Every panel's query, $site substituted, must return at least one series,
# and the dashboard must carry what Grafana's import reads (__inputs, uid,
# title, schemaVersion, the site variable).
# Needs EVT_BIN_DIR and EVT_SOURCE_DIR, like the tools' own scripts.
source "$(dirname "$0")/lib.sh"
bin=${EVT_BIN_DIR:?set EVT_BIN_DIR}
src=${EVT_SOURCE_DIR:?set EVT_SOURCE_DIR}
for program in /usr/bin/prometheus /usr/bin/prometheus-node-exporter; do
  [[ -x $program ]] || fail "$program is not installed (scripts/install-deps.sh test)"
done
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg HOME=$TMP/home
site=popup-dash-01
textfiles=$TMP/textfiles
mkdir -p "$textfiles" "$TMP/www"

# A peer for evt-probe, and a device exposition for evt-scrape.
printf '# HELP router_uptime_seconds uptime\n# TYPE router_uptime_seconds gauge\nrouter_uptime_seconds 42\n' >"$TMP/www/router"
http_port=$(free_port)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$TMP/www" "$http_port" >"$TMP/http.log" 2>&1 &
started $!
wait_listening "$http_port"
dead_port=$(free_port)

# textfile NAME RC CMD...: CMD writes its text with --textfile into the
# collector's folder, as a site's units run it, and exits RC.
textfile() {
  local name=$1 rc=$2
  shift 2
  run "$@" --textfile "$textfiles/$name.prom"
  expect_rc "$name" "$rc"
  [[ -s $textfiles/$name.prom ]] || fail "$name: no $textfiles/$name.prom"
}
# The dead port fails its probes, so evt-probe exits 1 and the alerts have a target down.
textfile evt-probe 1 "$bin/evt-probe" http "http://127.0.0.1:$http_port/router" "http://127.0.0.1:$dead_port/" \
  --count 3 --interval 50ms --window 3 --timeout 1s -o prometheus
# A synthetic flow against the same peer, twice, so it has a window too.
cat >"$TMP/buy.json" <<JSON
{"name": "buy", "steps": [{"name": "catalog", "url": "http://127.0.0.1:$http_port/router"}]}
JSON
textfile evt-flows 0 "$bin/evt-probe" flow "$TMP/buy.json" --count 2 --interval 50ms --window 2 -o prometheus
cat >"$TMP/event.json" <<JSON
{"site": {"name": "$site", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"},
 "scrape": {"sources": {"router": {"prometheus": "http://127.0.0.1:$http_port/router"},
                        "ups": {"prometheus": "http://127.0.0.1:$dead_port/metrics"}}},
 "budget": {"rates": {"edge.exec": {"per": 1000, "price": 1, "currency": "EUR"}},
            "budgets": [{"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "window": "event"},
                        {"name": "checkout-slo", "unit": "error", "objective": 0.99, "window": "event",
                         "events_from": "checkout"}]}}
JSON
# The ups source is down: evt-scrape exits 1 and writes evt_scrape_up 0 for it.
textfile evt-scrape 1 "$bin/evt-scrape" run --config "$TMP/event.json" --state-dir "$TMP/state" -o prometheus
textfile evt-budget 0 "$bin/evt-budget" status --config "$TMP/event.json" --state-dir "$TMP/state" \
  --at 2026-12-05T12:00:00Z -o prometheus

# evt-failover watch as a site runs it: rewriting its textfile each second,
# with the first choice (primary) made and counted.
cat >"$TMP/failover.json" <<JSON
{"site": {"name": "$site"},
 "failover": {"paths": [{"name": "primary", "always_up": true}, {"name": "local", "always_up": true}]}}
JSON
"$bin/evt-failover" watch --config "$TMP/failover.json" --state-dir "$TMP/failover-state" \
  --textfile "$textfiles/evt-failover.prom" >"$TMP/failover.jsonl" 2>"$TMP/failover.err" &
started $!
for ((i = 0; i < 250; i++)); do
  grep -qx 'evt_failover_active{path="primary"} 1' "$textfiles/evt-failover.prom" 2>/dev/null && break
  sleep 0.02
done
grep -qx 'evt_failover_active{path="primary"} 1' "$textfiles/evt-failover.prom" ||
  fail "evt-failover watch --textfile: $(cat "$textfiles/evt-failover.prom" "$TMP/failover.err" 2>&1)"

exporter_port=$(free_port)
/usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:$exporter_port" --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$textfiles" >"$TMP/exporter.log" 2>&1 &
started $!
wait_listening "$exporter_port"
curl -sf "http://127.0.0.1:$exporter_port/metrics" >"$TMP/exported" || fail "node_exporter /metrics"
! grep -q '^node_textfile_scrape_error 1' "$TMP/exported" || fail "node_exporter refused a textfile: $(cat "$TMP/exporter.log")"

prom_port=$(free_port)
cat >"$TMP/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ["$src/prometheus/evt-rules.yml"]
scrape_configs:
  - job_name: evt
    static_configs:
      - targets: ["127.0.0.1:$exporter_port"]
        labels: {site: "$site"}
YAML
/usr/bin/prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$TMP/prometheus.log" 2>&1 &
started $!
wait_listening "$prom_port"

/usr/bin/python3 - "$src/prometheus/evt-dashboard.json" "http://127.0.0.1:$prom_port" "$site" <<'PY' || fail "dashboard"
import json, sys, time, urllib.parse, urllib.request

path, base, site = sys.argv[1:]
dashboard = json.load(open(path))

def check(ok, what):
    if not ok:
        sys.exit(f"{path}: {what}")

# What Grafana's import reads.
check(any(i.get("type") == "datasource" and i.get("pluginId") == "prometheus" for i in dashboard.get("__inputs", [])),
      "no __inputs entry for a Prometheus datasource")
for key in ("uid", "title", "schemaVersion", "panels"):
    check(key in dashboard, f"no {key}")
variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
check("site" in variables, "no templating variable site")

def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    check(body.get("status") == "success", f"{url}: {body}")
    return body["data"]

def query(expr):
    return get(base + "/api/v1/query?" + urllib.parse.urlencode({"query": expr}))["result"]

# Ingested and the rules evaluated: the last series the panels need.
deadline = time.time() + 15
while not (query('site:evt_probe_success:ratio') and query('ALERTS') and query('evt_budget_ratio')):
    check(time.time() < deadline, "Prometheus has not ingested the textfiles after 15s")
    time.sleep(0.25)

# increase() over evt-failover's switch counter needs two scrapes of it.
while not query('increase(evt_failover_switches_total[15m])'):
    check(time.time() < deadline, "no second scrape of evt_failover_switches_total after 15s")
    time.sleep(0.25)

# The site variable's label_values(METRIC, site), as Grafana asks for it.
metric = variables["site"]["definition"].split("(")[1].split(",")[0].strip()
sites = get(base + "/api/v1/label/site/values?" + urllib.parse.urlencode({"match[]": metric}))
check(site in sites, f"variable site: {site} not among {sites}")

empty = []
for panel in dashboard["panels"]:
    check(panel.get("targets"), f"panel {panel.get('title')!r} has no targets")
    for target in panel["targets"]:
        expr = target["expr"].replace("$site", site)
        if not query(expr):
            empty.append(f"{panel['title']!r}: {expr}")
check(not empty, "panels whose query returns no series:\n  " + "\n  ".join(empty))
print(f"{len(dashboard['panels'])} panels, every query returns series")
PY
echo "$TEST_NAME: ok"
