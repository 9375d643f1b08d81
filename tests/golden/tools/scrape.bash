# evt-scrape on fixture files served by a static loopback server (python3
# -m http.server): a JSON console, JSON in an HTML page, a Prometheus
# exposition; run, test, -o prometheus/openmetrics, and map over
# JSON Lines.
mkdir -p "$TMP/www"
cat >"$TMP/www/status.json" <<'JSON'
{"lte": {"rsrp": -97, "band": "B20"}, "wan": {"rx_bytes": 123456789, "link": "UP"},
 "items": [{"id": "kiosk1", "state": "UP", "sales": 12.5}, {"id": "kiosk2", "state": "DOWN", "sales": 0}]}
JSON
cat >"$TMP/www/page.html" <<'HTML'
<html><head><title>cdn</title></head><body><div id="root"></div>
<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"cdn":[{"zone":"eu","hit_ratio":0.93,"spend_cents":420}]}}}</script>
</body></html>
HTML
cat >"$TMP/www/metrics.prom" <<'PROM'
# HELP ups_battery_charge battery charge 0..1
# TYPE ups_battery_charge gauge
ups_battery_charge{ups="kit1"} 0.87
# TYPE http_requests_total counter
http_requests_total{code="200",path="/buy"} 1027
http_requests_total{code="500",path="/buy"} 3
# TYPE temperature_celsius gauge
temperature_celsius 21.5
PROM
scrape_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$TMP/www" && exec python3 -m http.server --bind 127.0.0.1 "$scrape_port" >/dev/null 2>&1) &
PIDS+=($!)
disown
PORTS+=("$scrape_port")
for ((i = 0; i < 200; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$scrape_port") 2>/dev/null && break
  sleep 0.05
done
base=http://127.0.0.1:$scrape_port
cat >"$TMP/scrape.json" <<JSON
{"site": {"name": "test"},
 "scrape": {"sources": {
   "router": {"url": "$base/status.json",
              "metrics": [{"name": "router_rsrp_dbm", "path": "\$.lte.rsrp", "labels": {"band": {"path": "\$.lte.band"}}},
                          {"name": "router_rx_bytes_total", "path": "\$.wan.rx_bytes", "type": "counter"},
                          {"name": "router_wan_up", "path": "\$.wan.link", "values": {"UP": 1, "DOWN": 0}}]},
   "kiosks": {"url": "$base/status.json", "records": "\$.items[*]",
              "metrics": [{"name": "kiosk_up", "path": "@.state", "values": {"UP": 1, "DOWN": 0},
                           "labels": {"kiosk": {"path": "@.id"}}},
                          {"name": "kiosk_sales_cents", "path": "@.sales", "scale": 100,
                           "labels": {"kiosk": {"path": "@.id"}}}]},
   "cdn": {"url": "$base/page.html", "html": {"script_id": "__NEXT_DATA__"}, "records": "\$.props.pageProps.cdn[*]",
           "metrics": [{"name": "cdn_hit_ratio", "path": "@.hit_ratio", "labels": {"zone": {"path": "@.zone"}}},
                       {"name": "cdn_spend_cents", "path": "@.spend_cents", "type": "counter"}]},
   "node": {"prometheus": "$base/metrics.prom", "retries": 0},
   "gone": {"url": "http://127.0.0.1:1/refused.json", "retries": 0, "metrics": [{"name": "x", "path": "\$.a"}]},
   "feed": {"url": "http://127.0.0.1:1/unused", "timestamp": "\$.ts", "records": "\$.links.*",
            "labels": {"site": "berlin"},
            "metrics": [{"name": "link_up", "path": "@.state", "values": {"UP": 1, "DOWN": 0},
                         "labels": {"link": {"key": true}}},
                        {"name": "link_rx_bits", "path": "@.rx_kbps", "scale": 1000, "type": "counter", "unit": "bits",
                         "labels": {"link": {"key": true}}}]}}}}
JSON
sc=("$BIN/evt-scrape" --config "$TMP/scrape.json" --state-dir "$TMP/scrape-state")
golden scrape/run "${sc[@]}" run router kiosks cdn node
golden scrape/run-prometheus "${sc[@]}" run -o prometheus router kiosks cdn node
golden scrape/run-openmetrics "${sc[@]}" run -o openmetrics router kiosks cdn node
golden scrape/run-missing "${sc[@]}" run router gone
golden scrape/test-router "${sc[@]}" test router
golden scrape/test-cdn "${sc[@]}" test cdn
golden scrape/test-node "${sc[@]}" test node
printf '%s\n' \
  '{"ts": "2026-12-05T10:00:00.000Z", "links": {"wan": {"state": "UP", "rx_kbps": 1.5}, "lte": {"state": "DOWN", "rx_kbps": 2}}}' \
  '{"ts": 1764928860000, "links": {"wan": {"state": "UP", "rx_kbps": 3}}}' >"$TMP/links.jsonl"
printf '%s\n' '{"ts": "2026-12-05T10:00:00.000Z", "links": {}}' '{"links": ' \
  '{"ts": "2026-12-05T10:00:01.000Z", "links": {"wan": {"state": "SIDEWAYS"}}}' >"$TMP/links-bad.jsonl"
golden scrape/map "<$TMP/links.jsonl" "${sc[@]}" map feed
golden scrape/map-bad "${sc[@]}" map feed "$TMP/links-bad.jsonl"
golden scrape/map-bad-skip "$BIN/evt-scrape" --config "$TMP/scrape.json" --on-error skip map feed "$TMP/links-bad.jsonl"
