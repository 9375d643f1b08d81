#!/usr/bin/env bash
# Every tool's Prometheus and OpenMetrics text as an SRE's stack reads it:
# `promtool check metrics` (Debian prometheus) finds nothing in the
# Prometheus text of evt-probe (probes and flows), evt-scrape, evt-budget, evt-load and evt-detect (every
# family has HELP and TYPE, counters end in _total, names in base units,
# evt's own families under evt_<tool>_), and an independent parser
# (python3-prometheus-client) reads the OpenMetrics text of each to the same
# series. evt-scrape's own health is evt_scrape_up, never a bare `up` that
# would fire every "target down" alert; the budget state is one series per
# state; `evt-budget status --textfile` writes the text atomically.
# Usage: prometheus_conventions.sh  (EVT_BIN_DIR: the built binaries)
source "$(dirname "$0")/lib.sh"
BIN=${EVT_BIN_DIR:?EVT_BIN_DIR: the folder of the built binaries}
PY=/usr/bin/python3  # Debian's, where python3-prometheus-client lives
command -v promtool >/dev/null || fail "promtool is not installed (scripts/install-deps.sh test)"
"$PY" -c 'import prometheus_client' 2>/dev/null || fail "python3-prometheus-client is not installed (scripts/install-deps.sh test)"

# One nginx on loopback: /ok, /missing (404), the scrape fixtures, and TLS
# for the certificate-expiry gauge.
www=$TMP/www
mkdir -p "$www"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null || fail "openssl could not make a certificate"
cat >"$www/status.json" <<'JSON'
{"lte": {"rsrp": -97}, "wan": {"rx_bytes": 123456789, "link": "UP"},
 "items": [{"id": "kiosk1", "sales": 12.5}, {"id": "kiosk2", "sales": 0}]}
JSON
cat >"$www/metrics.prom" <<'PROM'
# HELP ups_battery_charge battery charge 0..1
# TYPE ups_battery_charge gauge
ups_battery_charge{ups="kit1"} 0.87
# TYPE http_requests_total counter
http_requests_total{code="200",path="/buy"} 1027
# TYPE cdn_spend counter
cdn_spend 420
# TYPE up gauge
up 0
PROM
port=$(free_port)
tls_port=$(free_port)
{
  nginx_conf_head "$TMP/nginx"
  cat <<CONF
  access_log off;
  server {
    listen 127.0.0.1:$port;
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $TMP/cert.pem;
    ssl_certificate_key $TMP/key.pem;
    root $www;
    location = /ok { return 200 "ok\n"; }
  }
}
CONF
} >"$TMP/nginx.conf.tmp"
mkdir -p "$TMP/nginx"
mv "$TMP/nginx.conf.tmp" "$TMP/nginx/nginx.conf"
run_nginx "$TMP/nginx" "http://127.0.0.1:$port/ok"
base=http://127.0.0.1:$port

# metrics TOOL FORMAT CMD...: runs CMD, its text in $TMP/TOOL.FORMAT.
metrics() {
  local tool=$1 format=$2
  shift 2
  run "$@"
  [[ $RC -le 1 ]] || fail "$tool -o $format: exit $RC: $(cat "$TMP/err")"
  cp "$TMP/out" "$TMP/$tool.$format"
}

cat >"$TMP/browse.json" <<JSON
{"name": "browse", "steps": [{"name": "home", "url": "$base/ok"},
                             {"name": "gone", "url": "$base/missing", "expect": {"status": "404"}}]}
JSON
for format in prometheus openmetrics; do
  metrics flow "$format" "$BIN/evt-probe" flow -o "$format" --count 2 --interval 10ms --window 2 "$TMP/browse.json"
  metrics probe "$format" "$BIN/evt-probe" http -o "$format" --insecure --count 3 --interval 10ms --window 3 \
    "$base/ok" "$base/missing" "https://127.0.0.1:$tls_port/ok"
  metrics load "$format" "$BIN/evt-load" run "$base/ok" --rate 40 --max-requests 8 -o "$format"
done

cat >"$TMP/scrape.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "router": {"url": "$base/status.json",
              "metrics": [{"name": "router_rsrp_dbm", "path": "\$.lte.rsrp", "help": "LTE signal"},
                          {"name": "router_rx_bytes", "path": "\$.wan.rx_bytes", "type": "counter"},
                          {"name": "router_wan_up", "path": "\$.wan.link", "values": {"UP": 1, "DOWN": 0}}]},
   "kiosks": {"url": "$base/status.json", "records": "\$.items[*]",
              "metrics": [{"name": "kiosk_sales_cents", "path": "@.sales", "scale": 100,
                           "labels": {"kiosk": {"path": "@.id"}}}]},
   "node": {"prometheus": "$base/metrics.prom", "retries": 0},
   "gone": {"url": "http://127.0.0.1:$(free_port)/refused.json", "retries": 0, "metrics": [{"name": "x", "path": "\$.a"}]}}}}
JSON
for format in prometheus openmetrics; do
  metrics scrape "$format" "$BIN/evt-scrape" --config "$TMP/scrape.json" --state-dir "$TMP/scrape-state" run -o "$format"
done

cat >"$TMP/budget.json" <<'JSON'
{"site": {"name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"},
 "budget": {"rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
            "components": {"checkout": "critical"},
            "budgets": [{"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "thresholds": [0.5, 0.8, 1.0]},
                        {"name": "small", "unit": "money", "limit": 100, "currency": "EUR"},
                        {"name": "large", "unit": "money", "limit": 1000000, "currency": "EUR"}]}}
JSON
bg=("$BIN/evt-budget" --config "$TMP/budget.json" --state-dir "$TMP/budget-state")
printf '{"kind":"usage","v":1,"ts":"2026-12-05T10:30:00.000Z","id":"u1","component":"checkout","resource":"edge.exec","qty":45000000}\n' \
  >"$TMP/usage.jsonl"
run "${bg[@]}" ingest "$TMP/usage.jsonl" --at 2026-12-05T11:00:00Z
expect_rc "budget ingest" 0
for format in prometheus openmetrics; do
  metrics budget "$format" "${bg[@]}" status -o "$format" --at 2026-12-05T16:00:00Z
done

# evt-detect: one series per probe target, one of them raised by an outage.
cat >"$TMP/detect.json" <<'JSON'
{"site": {"name": "test"}, "detect": {"series": [{"name": "latency", "kind": "probe", "field": "total_ms"}]}}
JSON
for target in uplink checkout; do
  outage=0:0
  [[ $target == checkout ]] && outage=100:120
  "$PY" "$(dirname "$0")/detect/make_probe_stream.py" --samples 120 --target "$target" --outage "$outage" 2>/dev/null
done >"$TMP/detect.jsonl"
for format in prometheus openmetrics; do
  metrics detect "$format" "$BIN/evt-detect" --config "$TMP/detect.json" run -o "$format" "$TMP/detect.jsonl"
done
grep -qx 'evt_detect_raised{series="latency{target=\\"checkout\\"}"} 1' "$TMP/detect.prometheus" ||
  fail "evt-detect: the checkout series is not raised: $(cat "$TMP/detect.prometheus")"

# evt-failover: watch's textfile (primary probed over HTTP with a quality
# window, so the loss and latency families are in it), and status from the
# store it leaves, in both formats.
cat >"$TMP/failover.json" <<JSON
{"site": {"name": "test"},
 "probe": {"targets": {"shop": {"check": "http", "url": "$base/ok", "interval": "50ms"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["shop"],
                         "degraded": {"raise": {"loss": 0.5}, "clear": {"loss": 0.1}, "window": 4}},
                        {"name": "local", "always_up": true}]}}
JSON
fo=("$BIN/evt-failover" --config "$TMP/failover.json" --state-dir "$TMP/failover-state")
"${fo[@]}" watch --textfile "$TMP/failover-watch.prom" >"$TMP/failover.jsonl" 2>"$TMP/failover.err" &
watch_pid=$!
started $watch_pid
for ((i = 0; i < 250; i++)); do
  grep -q '^evt_failover_path_latency_seconds{path="primary"} 0\.' "$TMP/failover-watch.prom" 2>/dev/null && break
  sleep 0.02
done
grep -qx 'evt_failover_path_loss_ratio{path="primary"} 0' "$TMP/failover-watch.prom" ||
  fail "watch --textfile: no loss or latency of primary: $(cat "$TMP/failover-watch.prom" "$TMP/failover.err" 2>&1)"
kill -TERM $watch_pid
wait_exit $watch_pid 10
expect_rc "evt-failover watch after SIGTERM" 143
for format in prometheus openmetrics; do
  metrics failover "$format" "${fo[@]}" status -o "$format"
done
cp "$TMP/failover-watch.prom" "$TMP/failover-watch.prometheus"
grep -qx 'evt_failover_active{path="primary"} 1' "$TMP/failover.prometheus" || fail "failover status: $(cat "$TMP/failover.prometheus")"
grep -qx 'evt_failover_switches_total 1' "$TMP/failover.prometheus" || fail "failover status: $(cat "$TMP/failover.prometheus")"
run "${fo[@]}" status -o prometheus --textfile "$TMP/failover.prom"
expect_rc "failover status --textfile" 0
cmp -s "$TMP/failover.prom" "$TMP/failover.prometheus" || fail "failover --textfile differs: $(diff "$TMP/failover.prom" "$TMP/failover.prometheus")"
run "${fo[@]}" status --textfile "$TMP/failover.prom"
expect_rc "failover status --textfile without -o" 2
grep -q -- '--textfile needs -o prometheus or openmetrics' "$TMP/err" || fail "usage message: $(cat "$TMP/err")"

# promtool: zero findings (exit 0, nothing printed) for every Prometheus text.
for tool in probe flow load scrape budget failover failover-watch detect; do
  set +e
  promtool check metrics <"$TMP/$tool.prometheus" >"$TMP/promtool.out" 2>&1
  rc=$?
  set -e
  [[ $rc -eq 0 && ! -s $TMP/promtool.out ]] ||
    fail "promtool check metrics on evt-$tool's text (exit $rc): $(cat "$TMP/promtool.out")
$(cat "$TMP/$tool.prometheus")"
done

# The independent parser: OpenMetrics read strictly, every family with
# HELP, evt's own under evt_<tool>_, and the same series as the Prometheus
# text (the names Prometheus stores do not depend on the format it reads).
"$PY" - "$TMP" <<'PY' || fail "python3-prometheus-client: see above"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

tmp = sys.argv[1]
upstream = {"scrape": {"router_rsrp_dbm", "router_rx_bytes", "router_wan_up", "kiosk_sales_cents",
                       "ups_battery_charge", "http_requests", "cdn_spend", "up"}}
failed = False
for tool in ("probe", "flow", "load", "scrape", "budget", "failover", "detect"):
    def series(families):
        return {(s.name, tuple(sorted(s.labels.items()))) for f in families for s in f.samples
                if not s.name.endswith("_created")}
    try:
        om = list(parse_openmetrics(open(f"{tmp}/{tool}.openmetrics").read()))
    except Exception as e:
        print(f"evt-{tool}: the OpenMetrics parser refuses the text: {e}")
        failed = True
        continue
    prom = list(parse_prometheus(open(f"{tmp}/{tool}.prometheus").read()))
    for f in om:
        if not f.documentation:
            print(f"evt-{tool}: family {f.name} has no HELP")
            failed = True
        if not f.name.startswith(f"evt_{tool}_") and f.name not in upstream.get(tool, ()):
            print(f"evt-{tool}: family {f.name} is not under evt_{tool}_")
            failed = True
    names = lambda s: {n for n, _ in s}
    if names(series(om)) != names(series(prom)) or (tool in ("scrape", "budget") and series(om) != series(prom)):
        print(f"evt-{tool}: the formats give different series:\n  only OpenMetrics: "
              f"{sorted(series(om) - series(prom))}\n  only Prometheus: {sorted(series(prom) - series(om))}")
        failed = True
    print(f"evt-{tool}: {len(om)} families, {len(series(om))} series")
sys.exit(1 if failed else 0)
PY

# evt-scrape's own series: prefixed, the duration in seconds; an upstream's
# `up 0` keeps its name under its source and stands in for nothing.
sp=$TMP/scrape.prometheus
grep -qx 'evt_scrape_up{source="router"} 1' "$sp" || fail "evt_scrape_up: $(cat "$sp")"
grep -qx 'evt_scrape_up{source="gone"} 0' "$sp" || fail "evt_scrape_up of a source that is down: $(cat "$sp")"
grep -qx 'evt_scrape_samples{source="kiosks"} 2' "$sp" || fail "evt_scrape_samples: $(cat "$sp")"
grep -qx 'up{source="node"} 0' "$sp" || fail "the upstream's up: $(cat "$sp")"
[[ $(grep -c '^up{' "$sp") == 1 ]] || fail "evt-scrape writes a bare up: $(cat "$sp")"
grep -qx 'cdn_spend_total{source="node"} 420' "$sp" || fail "a counter without _total: $(cat "$sp")"
awk '/^evt_scrape_duration_seconds/ { if ($2 >= 10) bad = 1; n++ } END { exit (n == 4 && !bad) ? 0 : 1 }' "$sp" ||
  fail "evt_scrape_duration_seconds is not in seconds: $(grep duration "$sp")"
grep -qx '# UNIT evt_scrape_duration_seconds seconds' "$TMP/scrape.openmetrics" || fail "no UNIT: $(cat "$TMP/scrape.openmetrics")"

# evt-probe flow: the last run and its steps, the window's figures, in
# seconds; with --textfile the same text, rewritten after every run.
fp=$TMP/flow.prometheus
labels='target="browse",flow="browse"'
grep -qx "evt_flow_success{$labels} 1" "$fp" || fail "evt_flow_success: $(cat "$fp")"
grep -qx "evt_flow_step_success{$labels,step=\"gone\"} 1" "$fp" || fail "evt_flow_step_success: $(cat "$fp")"
# Seconds, not milliseconds: a loopback step is well under one (54 us prints 5.4e-05).
awk -v l="evt_flow_step_duration_seconds{$labels,step=\"home\"}" '$1 == l { n++; if (!($2 > 0 && $2 < 1)) bad = 1 }
  END { exit (n == 1 && !bad) ? 0 : 1 }' "$fp" || fail "a step's time in seconds: $(cat "$fp")"
grep -qx "evt_flow_window_runs{$labels} 2" "$fp" || fail "evt_flow_window_runs: $(cat "$fp")"
grep -qx "evt_flow_window_success_ratio{$labels} 1" "$fp" || fail "evt_flow_window_success_ratio: $(cat "$fp")"
grep -q "^evt_flow_window_latency_seconds{$labels,percentile=\"95\"} 0\.[0-9]" "$fp" || fail "the window's p95: $(cat "$fp")"
awk -v now="$(date +%s)" '/^evt_flow_last_run_timestamp_seconds/ { n++; if ($2 < now - 60 || $2 > now + 1) bad = 1 }
  END { exit (n == 1 && !bad) ? 0 : 1 }' "$fp" || fail "evt_flow_last_run_timestamp_seconds is not now: $(cat "$fp")"
run "$BIN/evt-probe" flow -o prometheus --textfile "$TMP/flow.prom" --count 2 --interval 10ms --window 2 "$TMP/browse.json"
expect_rc "flow --textfile" 0
[[ ! -s $TMP/out ]] || fail "flow --textfile also wrote to stdout: $(cat "$TMP/out")"
grep -qx "evt_flow_window_runs{$labels} 2" "$TMP/flow.prom" || fail "flow --textfile: $(cat "$TMP/flow.prom")"
ls "$TMP"/flow.prom.tmp.* 2>/dev/null && fail "a temporary file was left behind"
# Records on stdout and the metrics in the textfile, from one run: what the
# synthetic-buy runbook does, so the run that feeds the error budget also
# feeds Prometheus (a second run would buy twice).
rm -f "$TMP/flow.prom"
run "$BIN/evt-probe" --json flow --textfile "$TMP/flow.prom" "$TMP/browse.json"
expect_rc "flow --json --textfile" 0
[[ $(jq -r .kind "$TMP/out") == flow ]] || fail "flow --json --textfile: no flow record on stdout: $(cat "$TMP/out")"
grep -qx "evt_flow_success{$labels} 1" "$TMP/flow.prom" || fail "flow --json --textfile: $(cat "$TMP/flow.prom")"
promtool check metrics <"$TMP/flow.prom" || fail "flow --json --textfile: promtool check metrics"
rm -f "$TMP/probe.prom"
run "$BIN/evt-probe" --json http --textfile "$TMP/probe.prom" "$base/ok"
expect_rc "http --json --textfile" 0
[[ $(jq -r .kind "$TMP/out") == probe ]] || fail "http --json --textfile: no probe record on stdout: $(cat "$TMP/out")"
grep -q '^evt_probe_success{.*} 1$' "$TMP/probe.prom" || fail "http --json --textfile: $(cat "$TMP/probe.prom")"

# The budget state: one series per state, 1 for the budget's own (at
# 16:00 edge-spend has spent 54 %, small 2700 %, large 0.3 %).
bp=$TMP/budget.prometheus
for state in ok warn over; do
  grep -q "^evt_budget_state{budget=\"edge-spend\",state=\"$state\"} " "$bp" || fail "no $state series: $(cat "$bp")"
done
grep -qx 'evt_budget_state{budget="edge-spend",state="warn"} 1' "$bp" || fail "edge-spend (54 %) is not warn: $(cat "$bp")"
grep -qx 'evt_budget_state{budget="small",state="over"} 1' "$bp" || fail "small is not over: $(cat "$bp")"
grep -qx 'evt_budget_state{budget="large",state="ok"} 1' "$bp" || fail "large is not ok: $(cat "$bp")"
[[ $(grep -c '^evt_budget_state{.*} 1$' "$bp") == 3 ]] || fail "a budget in two states: $(cat "$bp")"

# evt-budget status --textfile: the same text, written whole, nothing on stdout.
run "${bg[@]}" status -o prometheus --textfile "$TMP/budget.prom" --at 2026-12-05T16:00:00Z
expect_rc "status --textfile" 0
[[ ! -s $TMP/out ]] || fail "--textfile also wrote to stdout: $(cat "$TMP/out")"
cmp -s "$TMP/budget.prom" "$bp" || fail "--textfile differs from stdout: $(diff "$TMP/budget.prom" "$bp")"
ls "$TMP"/budget.prom.tmp.* 2>/dev/null && fail "a temporary file was left behind"
run "${bg[@]}" status --textfile "$TMP/budget.prom" --at 2026-12-05T16:00:00Z
expect_rc "--textfile without -o" 2
grep -q -- '--textfile needs -o prometheus or openmetrics' "$TMP/err" || fail "usage message: $(cat "$TMP/err")"
run "${bg[@]}" status -o prometheus --textfile "$TMP/no/such/dir/budget.prom" --at 2026-12-05T16:00:00Z
expect_rc "--textfile in a folder that is not there" 74
grep -q "$TMP/no/such/dir/budget.prom" "$TMP/err" || fail "the error does not name the file: $(cat "$TMP/err")"
echo "prometheus_conventions: ok"
