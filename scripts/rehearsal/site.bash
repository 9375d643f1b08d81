# Sourced by scripts/rehearsal.sh: the fake commands the runbooks are
# allowed to run, and the site config with compressed times.

write_fake_commands() {
  mkdir -p "$T/bin"
  # A service manager that only logs what it was asked.
  cat >"$T/bin/svc" <<SH
#!/bin/sh
echo "\$(date -u +%H:%M:%S) \$*" >>"$T/svc.log"
SH
  # On-call: every notification appended to a file.
  cat >"$T/bin/notify" <<SH
#!/bin/sh
{ cat; echo; } >>"$T/notify.log"
SH
  # The gates: evt-token run on each gate's own state dir.
  cat >"$T/bin/to-gate" <<SH
#!/bin/sh
gate=\$1; shift
[ -d "$T/gates/\$gate" ] || { echo "no route to \$gate" >&2; exit 255; }
exec "$BIN/evt-token" --state-dir "$T/gates/\$gate" "\$@"
SH
  # The preflight drill's break and restore: freeze and thaw the primary.
  cat >"$T/bin/primary-ctl" <<SH
#!/bin/sh
pid=\$(cat "$T/nginx/primary/nginx.pid") || exit 1
case \$1 in stop) kill -STOP "\$pid" ;; start) kill -CONT "\$pid" ;; *) exit 2 ;; esac
SH
  chmod +x "$T/bin/svc" "$T/bin/notify" "$T/bin/to-gate" "$T/bin/primary-ctl"
  : >"$T/svc.log"
  : >"$T/notify.log"
}

# write_site_config FILE: the whole site, every time compressed: the event
# ends within the hour, tokens live two minutes, paths are probed every
# 300 ms, the budget governor holds a level for two seconds.
write_site_config() {
  local starts ends route
  starts=$(date -u -d '-10 minutes' +%Y-%m-%dT%H:%M:%SZ)
  ends=$(date -u -d '+50 minutes' +%Y-%m-%dT%H:%M:%SZ)
  # A path's hook points the site's router at it, as examples/event.json's
  # do (the router is peak.bash's).
  route='{ "template": "'$ROOT'/examples/templates/upstream.conf.tmpl", "write": "'$ROUTER'/evt-upstream.conf",
             "then": ["nginx", "-p", "'$ROUTER'", "-c", "'$ROUTER'/nginx.conf", "-e", "'$ROUTER'/error.log", "-s", "reload"] }'
  cat >"$1" <<JSON
{
  "site": { "name": "rehearsal", "starts_at": "$starts", "ends_at": "$ends" },
  "probe": { "targets": {
    "uplink":   { "check": "http", "url": "http://127.0.0.1:$PORT_primary/ok", "interval": "300ms", "timeout": "400ms" },
    "orders":   { "check": "http", "url": "http://127.0.0.1:$PORT_local/orders", "interval": "500ms", "timeout": "1s" },
    "assets":   { "check": "cdn", "urls": ["http://127.0.0.1:$PORT_cdn/app.js", "http://127.0.0.1:$PORT_cdn/app.css"],
                  "min_hit_ratio": 0.85 },
    "checkout": { "check": "flow", "flow": "$T/flows/buy.json", "interval": "30s" } } },
  "failover": { "fast_interval": "200ms", "failback_after": "3s", "paths": [
    { "name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2, "vars": { "upstream": "127.0.0.1:$PORT_primary" },
      "degraded": { "raise": { "loss": 0.5, "p95_ms": 800 }, "clear": { "loss": 0.1, "p95_ms": 400 } },
      "on_activate": [ $route ] },
    { "name": "local", "always_up": true, "vars": { "upstream": "127.0.0.1:$PORT_local" }, "on_activate": [ $route ] } ] },
  "price": { "catalog": "$ROOT/examples/price/catalog.json", "promotions": "$ROOT/examples/price/promotions.json" },
  "token": { "issuer": "rehearsal", "audience": "gate", "ttl": "2m", "leeway": "5s" },
  "scrape": { "sources": { "ups": { "nut": "127.0.0.1:$PORT_nut", "ups": "kit1", "timeout": "3s" } } },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "EUR" } },
    "components": { "checkout": "critical", "gate-scan": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "2s",
    "budgets": [ { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "window": "event",
                   "thresholds": [0.5, 0.8, 1.0], "cost_per_1k": { "resource": "edge.exec", "max": 1 } },
                 { "name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 1000,
                   "nominal_w": 1000, "reserve_wh": 50 },
                 { "name": "checkout-peak", "unit": "error", "objective": $PEAK_OBJECTIVE, "events_from": "checkout-peak",
                   "window": "event", "include_synthetic": true } ] },
  "runbook": { "dirs": ["$ROOT/runbooks"], "allow_exec": ["$T/bin/svc", "$T/bin/to-gate", "$T/bin/primary-ctl", "$T/bin/notify"],
               "notify": { "command": ["$T/bin/notify"] } },
  "runbooks": {
    "preflight": { "price_cold_start_ms": 150, "failover_max_ms": 5000, "cdn_min_hit_ratio": 0.85,
                   "cdn_target": "assets", "drill_path": "primary",
                   "drill": { "break": ["$T/bin/primary-ctl", "stop"], "restore": ["$T/bin/primary-ctl", "start"] },
                   "cart": { "id": "preflight", "lines": [ { "sku": "$PREFLIGHT_SKU", "qty": 1 } ] },
                   "max_clock_skew_ms": 500,
                   "uplink_count": 5, "uplink_interval": "100ms",
                   "optional": ["clock"] },
    "failover-to-local": { "path": "local", "verify": "orders", "for": "10m" },
    "gate-sync": { "gates": ["gate-a", "gate-b"], "transport": ["$T/bin/to-gate", "{gate}"] },
    "shed-non-essential": {
      "pause":  { "ar-overlay": ["$T/bin/svc", "stop", "ar-overlay"], "analytics": ["$T/bin/svc", "stop", "analytics"],
                  "stream": ["$T/bin/svc", "reduce", "stream"] },
      "resume": { "ar-overlay": ["$T/bin/svc", "start", "ar-overlay"], "analytics": ["$T/bin/svc", "start", "analytics"],
                  "stream": ["$T/bin/svc", "restore", "stream"] } }
  }
}
JSON
}

# feed_budget: the ledger before doors open: the UPS as it is now and the
# edge executions of the rehearsal's first visitors.
feed_budget() {
  local ts
  ts=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
  {
    evt-scrape run ups --json
    printf '{"kind":"usage","v":1,"ts":"%s","id":"rehearsal-1","component":"checkout","resource":"edge.exec","qty":20000}\n' "$ts"
  } >"$T/out/feed.jsonl" 2>"$T/logs/feed.err" || die "evt-scrape: $(cat "$T/logs/feed.err")"
  evt-budget ingest - <"$T/out/feed.jsonl" >/dev/null 2>>"$T/logs/feed.err" || die "evt-budget ingest: $(cat "$T/logs/feed.err")"
  cat "$T/out/feed.jsonl" >>"$RECORDS"
}
