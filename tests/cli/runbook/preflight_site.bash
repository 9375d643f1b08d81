# Sourced by library_preflight.sh: a whole site on loopback for the
# preflight runbook. One nginx process (no master) serves the primary
# uplink's /ok from a file the drill removes and puts back, the fallback's
# /ok, and a CDN edge with a proxy cache in front of the primary's static
# files; evt-failover watch decides between the two paths.
PF_BIN=$EVT_BIN_DIR

pf_start_nginx() {
  local d=$TMP/nginx
  mkdir -p "$d/cache" "$d/www/primary/static" "$d/www/fallback"
  echo primary >"$d/www/primary/ok"
  echo fallback >"$d/www/fallback/ok"
  echo 'console.log(1)' >"$d/www/primary/static/app.js"
  echo 'body{}' >"$d/www/primary/static/app.css"
  P_PRIMARY=$(free_port) P_FALLBACK=$(free_port) P_CDN=$(free_port)
  {
    nginx_conf_head "$d" 256
    cat <<CONF
  access_log off;
  proxy_cache_path $d/cache levels=1 keys_zone=assets:1m;
  server { listen 127.0.0.1:$P_PRIMARY; root $d/www/primary; }
  server { listen 127.0.0.1:$P_FALLBACK; root $d/www/fallback; }
  server {
    listen 127.0.0.1:$P_CDN;
    location / {
      proxy_pass http://127.0.0.1:$P_PRIMARY/static/;
      proxy_cache assets;
      proxy_cache_valid 200 1m;
      add_header X-Cache-Status \$upstream_cache_status always;
    }
  }
}
CONF
  } >"$d/nginx.conf"
  run_nginx "$d" "http://127.0.0.1:$P_PRIMARY/ok"
}

# The drill's break and restore (they log each run, so a test can tell
# whether the drill ran), the gates' transport (gate "gate-fast" answers
# with its clock 3 s ahead) and the clock check.
pf_write_scripts() {
  cat >"$TMP/bin/drill-break" <<SH
#!/bin/sh
echo break >>"$TMP/drill.log"
mv "$TMP/nginx/www/primary/ok" "$TMP/nginx/www/primary/ok.off"
SH
  cat >"$TMP/bin/drill-restore" <<SH
#!/bin/sh
echo restore >>"$TMP/drill.log"
[ -f "$TMP/nginx/www/primary/ok.off" ] && mv "$TMP/nginx/www/primary/ok.off" "$TMP/nginx/www/primary/ok"
exit 0
SH
  cat >"$TMP/bin/to-gate" <<SH
#!/bin/bash
gate=\$1; shift
[ -d "$TMP/gates/\$gate" ] || { echo "no route to \$gate" >&2; exit 255; }
if [ "\$gate" = gate-fast ]; then
  "$PF_BIN/evt-token" --state-dir "$TMP/gates/\$gate" "\$@" |
    jq -c '.ts |= (sub("\\\\.[0-9]+Z\$"; "Z") | fromdateiso8601 + 3 | todateiso8601)'
  exit "\${PIPESTATUS[0]}"
fi
exec "$PF_BIN/evt-token" --state-dir "$TMP/gates/\$gate" "\$@"
SH
  printf '#!/bin/sh\necho yes\n' >"$TMP/bin/ntp-status"
  chmod +x "$TMP/bin/drill-break" "$TMP/bin/drill-restore" "$TMP/bin/to-gate" "$TMP/bin/ntp-status"
  : >"$TMP/drill.log"
}

# pf_write_config FILE [JQ]: the site config, edited by JQ when given.
pf_write_config() {
  local start end
  start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
  end=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
  cat >"$TMP/event.base.json" <<JSON
{"site": {"name": "preflight-test", "starts_at": "$start", "ends_at": "$end"},
 "probe": {"targets": {
   "uplink": {"check": "http", "url": "http://127.0.0.1:$P_PRIMARY/ok", "interval": "300ms", "timeout": "200ms"},
   "backup": {"check": "http", "url": "http://127.0.0.1:$P_FALLBACK/ok", "interval": "300ms", "timeout": "200ms"},
   "assets": {"check": "cdn", "urls": ["http://127.0.0.1:$P_CDN/app.js", "http://127.0.0.1:$P_CDN/app.css"]}}},
 "failover": {"fast_interval": "100ms", "failback_after": "1s", "paths": [
   {"name": "primary", "targets": ["uplink"], "rise": 2, "fall": 2,
    "degraded": {"raise": {"loss": 0.2, "p95_ms": 500}, "clear": {"loss": 0.05, "p95_ms": 200}}},
   {"name": "fallback", "targets": ["backup"], "rise": 2, "fall": 2}]},
 "price": {"catalog": "catalog.json", "promotions": "promotions.json"},
 "token": {"issuer": "preflight-test", "audience": "gate", "ttl": "15m", "gate": "gate-a", "jwks": "jwks.json",
           "code": {"step": "15s", "secret": {"file": "code.key"}}},
 "budget": {
   "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
   "components": {"checkout": "critical"},
   "budgets": [
     {"name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR", "cost_per_1k": {"resource": "edge.exec", "max": 1}},
     {"name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 2000, "nominal_w": 1000, "reserve_wh": 100}]},
 "runbook": {"allow_exec": ["$TMP/bin/drill-break", "$TMP/bin/drill-restore", "$TMP/bin/to-gate", "$TMP/bin/ntp-status"]},
 "runbooks": {
   "gate-sync": {"gates": ["gate-b"], "transport": ["$TMP/bin/to-gate", "{gate}"]},
   "preflight": {"price_cold_start_ms": 1000, "failover_max_ms": 5000, "cdn_min_hit_ratio": 0.85,
                 "drill_path": "primary", "max_clock_skew_ms": 500,
                 "drill": {"break": ["$TMP/bin/drill-break"], "restore": ["$TMP/bin/drill-restore"]},
                 "cart": {"id": "preflight", "lines": [{"sku": "TEE", "qty": 1}]},
                 "clock_command": ["$TMP/bin/ntp-status"], "scan_state_dir": "$TMP/scan-state",
                 "uplink_count": 5, "uplink_interval": "100ms"}}}
JSON
  jq "${2:-.}" "$TMP/event.base.json" >"$1"
}

# pf_seed: the catalog, a key ring and its JWKS, a gate, and a budget with
# edge usage (0.06 EUR per 1k) and a battery at 90% under 20% load.
pf_seed() {
  echo '{"currency": "EUR", "items": [{"sku": "TEE", "name": "Tee", "price": 1999}]}' >"$TMP/catalog.json"
  echo '{"promotions": []}' >"$TMP/promotions.json"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/code.key"
  chmod 600 "$TMP/code.key"
  mkdir -p "$TMP/gates/gate-b" "$TMP/gates/gate-fast"
  chmod 700 "$TMP/gates/gate-b" "$TMP/gates/gate-fast"
  "$PF_BIN/evt-token" keys new >/dev/null
  "$PF_BIN/evt-token" jwks >"$TMP/jwks.json"
  local now
  now=$(date -u -d '-1 minute' +%Y-%m-%dT%H:%M:%SZ)
  {
    printf '{"kind":"usage","v":1,"ts":"%s","id":"u1","component":"checkout","resource":"edge.exec","qty":250000}\n' "$now"
    printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_battery_charge","value":0.9,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$now"
    printf '{"kind":"metric","v":1,"ts":"%s","name":"nut_ups_load","value":0.2,"labels":{"ups":"kit1"},"source":"ups","type":"gauge"}\n' "$now"
  } >"$TMP/usage.jsonl"
  "$PF_BIN/evt-budget" ingest "$TMP/usage.jsonl" >/dev/null
}

# pf_dump: every SQLite database of the site but the runbook's audit and
# the running evt-failover's own, as SQL text.
pf_dump() {
  local db
  for db in $(find "$TMP/state" "$TMP/scan-state" "$TMP/gates" -name '*.db' 2>/dev/null | sort); do
    case $(basename "$db") in runbook.db | failover.db) continue ;; esac
    echo "-- $db"
    sqlite3 "$db" .dump
  done
}

# pf_active: the active path as evt-failover status shows it.
pf_active() {
  "$PF_BIN/evt-failover" status --json 2>/dev/null | jq -r 'select(.active) | .path'
}
