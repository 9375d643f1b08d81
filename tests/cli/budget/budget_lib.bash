# Shared by evt-budget's CLI tests (sourced after ../lib.sh): a site config
# in $TMP, a private state dir, and the binaries.
BUDGET="$EVT_BIN_DIR/evt-budget"
export EVT_STATE_DIR="$TMP/state"
export EVT_CONFIG="$TMP/event.json"

write_config() {
  cat >"$EVT_CONFIG" <<'JSON'
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z" },
  "budget": {
    "rates": { "edge.exec":   { "per": 1000000, "price": 60, "currency": "EUR" },
               "cdn.request": { "per": 10000, "price": 0.75, "currency": "EUR" } },
    "components": { "checkout": "critical", "stream": { "tier": "degraded", "watts": 150 },
                    "ar-overlay": { "tier": "non-essential", "watts": 60 },
                    "analytics": { "tier": "non-essential", "watts": 40 } },
    "hold": "5m",
    "budgets": [
      { "name": "edge-spend", "unit": "money", "limit": 5000, "currency": "EUR",
        "thresholds": [0.5, 0.8, 1.0], "cost_per_1k": { "resource": "edge.exec", "max": 1 } },
      { "name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 2000, "nominal_w": 1000,
        "reserve_wh": 100 }
    ]
  }
}
JSON
}

# validate FILE: every record in FILE follows its schema (when evt-schema is built).
validate() {
  [[ -n ${EVT_SCHEMA:-} ]] || return 0
  "$EVT_SCHEMA" validate "$1" >"$TMP/validate.out" 2>&1 || fail "records in $1 do not follow their schemas: $(cat "$TMP/validate.out")"
}

# usage ID TS COMPONENT RESOURCE QTY: one usage record.
usage() {
  printf '{"kind":"usage","v":1,"ts":"%s","id":"%s","component":"%s","resource":"%s","qty":%s}\n' "$2" "$1" "$3" "$4" "$5"
}

# field FILE INDEX JQ: a field of the INDEX-th record (from 0) of FILE.
field() { jq -rs ".[$2]$3" "$1"; }
