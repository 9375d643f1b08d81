#!/usr/bin/env bash
# Records between siblings: every pair of evt tools whose records a person
# would pipe from one into the other, run for real on a small site on
# loopback (one private nginx), each asserting that both ends exit 0 and
# that the downstream tool took the upstream's records (its own records, or
# its state afterwards, show them). A pair that stops working here is a
# pipe a runbook or an on-call person relies on.
source "$(dirname "$0")/lib.sh"
BIN=${EVT_BIN_DIR:?set EVT_BIN_DIR}
unset EVT_CONFIG EVT_STATE_DIR
export XDG_CONFIG_HOME=$TMP/xdg XDG_STATE_HOME=$TMP/xdg-state HOME=$TMP/home

# The pairs, one a line: the function below that runs it, and why a person pipes it.
PAIRS=(
  token_sign_scan         # rehearse a gate before doors open: issue test tickets and scan them at once
  token_sign_verify       # check freshly issued tickets against the gate's keys and audience
  token_scans_merge       # sync two gates by hand: one gate's scan export into the other's merge
  price_quote_redeem      # a kiosk sale: price the cart, then commit its promotions against their limits
  price_redeem_outbox     # the sale on its way to the shop: redeemed orders into the durable orders queue
  price_redemptions_merge # two kiosks apart all day: one's redemptions into the other's set
  outbox_export_merge     # replicate a kiosk's queue to its peer without the network sync
  probe_failover          # drive path decisions from live health checks (what the watch service does)
  probe_budget            # health checks as the good and bad events of an error budget
  probe_detect            # learn the checks' normal latency and raise when it leaves it
  scrape_budget           # the UPS's readings from its console into the energy budget
  scrape_detect           # anomalies in scraped device metrics (router signal, battery charge)
  load_budget             # a load test's windows burn the error budget of the target it loaded
  load_detect             # watch a load test's latency windows for a shift
)
# Names given as arguments run only those pairs (while working on one).
[[ $# -eq 0 ]] || PAIRS=("$@")

# --- the site: one nginx on loopback serving a health page and a UPS's
# console JSON.
www=$TMP/www
mkdir -p "$www"
echo ok >"$www/health"
cat >"$www/ups.json" <<'JSON'
{"ups": {"charge": 0.87, "load_w": 240, "status": "OL"}, "lte": {"rsrp": -97}}
JSON
port=$(free_port)
mkdir -p "$TMP/nginx"
{
  nginx_conf_head "$TMP/nginx"
  printf '  access_log off;\n  server { listen 127.0.0.1:%s; root %s; }\n}\n' "$port" "$www"
} >"$TMP/nginx/nginx.conf"
run_nginx "$TMP/nginx" "http://127.0.0.1:$port/health"
base=http://127.0.0.1:$port
start=$(date -u -d '-1 hour' +%FT%TZ) end=$(date -u -d '+1 hour' +%FT%TZ)
cat >"$TMP/event.json" <<JSON
{"site": {"name": "pipes", "starts_at": "$start", "ends_at": "$end"},
 "probe": {"targets": {"edge": {"check": "http", "url": "$base/health", "timeout": "2s"},
                       "mesh": {"check": "tcp", "address": "127.0.0.1:$port", "timeout": "2s"}}},
 "failover": {"paths": [{"name": "primary", "targets": ["edge"], "rise": 1, "fall": 2},
                        {"name": "local", "always_up": true}]},
 "scrape": {"sources": {"ups": {"url": "$base/ups.json",
                                "metrics": [{"name": "nut_battery_charge", "path": "\$.ups.charge"}]}}},
 "budget": {"budgets": [{"name": "edge-slo", "unit": "error", "objective": 0.99, "events_from": "edge"},
                        {"name": "load-slo", "unit": "error", "objective": 0.99, "events_from": "loaded",
                         "include_synthetic": true},
                        {"name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 1200,
                         "nominal_w": 600, "reserve_wh": 50}]},
 "detect": {"series": [{"name": "probe_latency", "kind": "probe", "field": "total_ms"},
                       {"name": "ups_charge", "kind": "metric", "match": {"name": "nut_battery_charge"}, "field": "value"},
                       {"name": "load_p99", "kind": "load.window", "field": "latency.p99_ms"}]},
 "outbox": {"kiosk": "kiosk-a", "queues": {"orders": {"class": "critical"}}},
 "price": {"kiosk": "k1"}}
JSON
export EVT_CONFIG=$TMP/event.json

# pipe WHAT: runs the pipeline in $TMP/pipe.sh (set by the caller) with
# stdout in $TMP/out and stderr in $TMP/err; fails unless every stage
# exited 0.
pipe() {
  local what=$1 rcs
  set +e
  (set -o pipefail; source "$TMP/pipe.sh") >"$TMP/out" 2>"$TMP/err"
  rcs=$?
  set -e
  [[ $rcs -eq 0 ]] || fail "$what: exit $rcs; stderr: $(cat "$TMP/err")"
}

# expect WHAT JQ [FILE]: the records of FILE ($TMP/out), slurped, make JQ true.
expect() {
  jq -se "$2" "${3:-$TMP/out}" >/dev/null 2>&1 || fail "$1: not what was expected ($2): $(head -c 2000 "${3:-$TMP/out}")"
}

tk() { "$BIN/evt-token" --state-dir "$TMP/token-$1" "${@:2}"; }
# Two gates with the one signing key.
openssl genpkey -algorithm ed25519 -out "$TMP/key.pem" 2>/dev/null
chmod 600 "$TMP/key.pem"
for gate in a b; do tk "$gate" keys import --kid k1 "$TMP/key.pem" >/dev/null; done
for n in 1 2 3; do printf '{"sub":"guest-%d","aud":"gate"}\n' "$n"; done >"$TMP/claims.jsonl"

pair_token_sign_scan() {
  echo "tk a sign --json --ttl 1h <'$TMP/claims.jsonl' | tk a scan --gate a --aud gate" >"$TMP/pipe.sh"
  pipe "token sign --json | token scan"
  expect "token scan of token records" 'length == 3 and all(.[]; .kind == "scan" and .ok and .result == "admitted")'
}

pair_token_sign_verify() {
  echo "tk a sign --json --ttl 1h <'$TMP/claims.jsonl' | tk a verify --aud gate" >"$TMP/pipe.sh"
  pipe "token sign --json | token verify"
  expect "token verify of token records" 'length == 3 and all(.[]; .kind == "verdict" and .ok)'
}

pair_token_scans_merge() {
  tk a sign --ttl 1h --claims '{"sub":"guest-4","aud":"gate"}' >"$TMP/ticket"
  for gate in a b; do tk "$gate" scan --gate "$gate" --aud gate <"$TMP/ticket" >/dev/null; done
  echo "tk b scans export | tk a scans merge" >"$TMP/pipe.sh"
  pipe "token scans export | token scans merge"
  # guest-4 was admitted at both gates: the merge finds the double admission.
  expect "scans merge" 'length == 1 and .[0].kind == "double_admission"'
}

px=("$BIN/evt-price" --state-dir "$TMP/price-k1")
ex=$EVT_SOURCE_DIR/examples/price
[[ -d $ex ]] || ex=$(cd "$(dirname "$0")/../../examples/price" && pwd)
quote=("${px[@]}" quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json")

pair_price_quote_redeem() {
  printf '%q ' "${quote[@]}" >"$TMP/pipe.sh"
  printf '%q | ' "$ex/carts.jsonl" >>"$TMP/pipe.sh"
  printf '%q ' "${px[@]}" redeem --promotions "$ex/promotions.json" >>"$TMP/pipe.sh"
  pipe "price quote | price redeem"
  expect "redeem of quotes" 'length == 3 and all(.[]; .kind == "redemption" and .result == "redeemed")'
}

pair_price_redeem_outbox() {
  { printf '%q ' "${quote[@]}" "$ex/carts.jsonl"; printf '| '
    printf '%q ' "${px[@]}" redeem --order --promotions "$ex/promotions.json"; printf '| '
    printf '%q ' "$BIN/evt-outbox" --state-dir "$TMP/outbox-a" put orders; } >"$TMP/pipe.sh"
  pipe "price redeem --order | outbox put"
  # Replayed orders (redeemed by the pair above) are orders still.
  expect "outbox put of orders" 'map(select(.kind == "outbox.put")) | map(.added) | add == 3'
}

pair_price_redemptions_merge() {
  { printf '%q ' "${px[@]}" redemptions export; printf '| '
    printf '%q ' "$BIN/evt-price" --state-dir "$TMP/price-k2" redemptions merge --promotions "$ex/promotions.json"; } \
    >"$TMP/pipe.sh"
  pipe "price redemptions export | price redemptions merge"
  "$BIN/evt-price" --state-dir "$TMP/price-k2" redemptions export >"$TMP/k2.jsonl"
  expect "k2's set after the merge" 'length == 3 and all(.[]; .kind == "redemption" and .kiosk == "k1")' "$TMP/k2.jsonl"
}

pair_outbox_export_merge() {
  { printf '%q ' "$BIN/evt-outbox" --state-dir "$TMP/outbox-a" export; printf '| '
    printf '%q ' "$BIN/evt-outbox" --state-dir "$TMP/outbox-b" merge; } >"$TMP/pipe.sh"
  pipe "outbox export | outbox merge"
  expect "outbox merge" 'map(select(.kind == "outbox.merge")) | .[0].added == 3'
}

probes() { "$BIN/evt-probe" run --count 3 --interval 100ms --window 3 2>/dev/null; }

pair_probe_failover() {
  echo "probes | '$BIN/evt-failover' --state-dir '$TMP/failover' decide" >"$TMP/pipe.sh"
  pipe "probe run | failover decide"
  expect "failover decisions" 'any(.[]; .kind == "failover" and .active == "primary")'
}

pair_probe_budget() {
  echo "probes | '$BIN/evt-budget' --state-dir '$TMP/budget-probe' ingest" >"$TMP/pipe.sh"
  pipe "probe run | budget ingest"
  "$BIN/evt-budget" --state-dir "$TMP/budget-probe" status --json >"$TMP/status.jsonl"
  expect "edge-slo after the probes" 'any(.[]; .kind == "budget" and .name == "edge-slo" and .limit > 0)' "$TMP/status.jsonl"
}

pair_probe_detect() {
  echo "probes | '$BIN/evt-detect' --state-dir '$TMP/detect' run --textfile '$TMP/detect.prom'" >"$TMP/pipe.sh"
  pipe "probe run | detect run"
  grep -q 'evt_detect_samples_total{series="probe_latency{target=\\"edge\\"}"} 3' "$TMP/detect.prom" ||
    fail "detect run: not 3 samples of the edge's latency: $(cat "$TMP/detect.prom")"
}

scrapes() { "$BIN/evt-scrape" --state-dir "$TMP/scrape" run --json 2>/dev/null; }

pair_scrape_budget() {
  echo "scrapes | '$BIN/evt-budget' --state-dir '$TMP/budget-scrape' ingest" >"$TMP/pipe.sh"
  pipe "scrape run | budget ingest"
  "$BIN/evt-budget" --state-dir "$TMP/budget-scrape" status --json >"$TMP/status.jsonl"
  expect "battery after the scrape" 'any(.[]; .kind == "budget" and .name == "battery" and ((.reason // "") | test("no battery.charge") | not))' "$TMP/status.jsonl"
}

pair_scrape_detect() {
  echo "scrapes | '$BIN/evt-detect' --state-dir '$TMP/detect-scrape' run --textfile '$TMP/scrape.prom'" >"$TMP/pipe.sh"
  pipe "scrape run | detect run"
  grep -q 'evt_detect_samples_total{series="ups_charge"} 1' "$TMP/scrape.prom" ||
    fail "detect run: no sample of the UPS charge: $(cat "$TMP/scrape.prom")"
}

loads() { "$BIN/evt-load" run "$base/health" --rate 20 --duration 1s --name loaded 2>/dev/null; }

pair_load_budget() {
  echo "loads | '$BIN/evt-budget' --state-dir '$TMP/budget-load' ingest" >"$TMP/pipe.sh"
  pipe "load run | budget ingest"
  "$BIN/evt-budget" --state-dir "$TMP/budget-load" status --json >"$TMP/status.jsonl"
  expect "load-slo after the run" 'any(.[]; .kind == "budget" and .name == "load-slo" and .limit > 0)' "$TMP/status.jsonl"
}

pair_load_detect() {
  echo "loads | '$BIN/evt-detect' --state-dir '$TMP/detect-load' run --textfile '$TMP/load.prom'" >"$TMP/pipe.sh"
  pipe "load run | detect run"
  grep -q 'evt_detect_samples_total{series="load_p99{target=\\"loaded\\"}"}' "$TMP/load.prom" ||
    fail "detect run: no sample of the load's p99: $(cat "$TMP/load.prom")"
}

for p in "${PAIRS[@]}"; do
  t0=$(now_ms)
  "pair_$p"
  echo "pipe_pairs: $p ok ($(($(now_ms) - t0)) ms)"
done
echo "pipe_pairs: ${#PAIRS[@]} pairs"
