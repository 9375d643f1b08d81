# evt-budget on a fixed feed (the CLI tests' site: an edge-spend money
# budget and a battery), every command at a pinned --at.
bg=("$BIN/evt-budget" --config "$TMP/budget.json" --state-dir "$TMP/budget-state")
cat >"$TMP/budget.json" <<'JSON'
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
usage() {
  printf '{"kind":"usage","v":1,"ts":"%s","id":"%s","component":"%s","resource":"%s","qty":%s}\n' "$2" "$1" "$3" "$4" "$5"
}
{
  usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 200000
  usage u2 2026-12-05T10:30:00.000Z analytics cdn.request 3000000
  echo '{"kind":"scan","v":1,"ts":"2026-12-05T10:31:00.000Z"}'
  echo '{"kind":"metric","v":1,"ts":"2026-12-05T10:40:00.000Z","name":"ups_battery_charge","value":0.9,"labels":{},"source":"ups","type":"gauge"}'
} >"$TMP/feed-1.jsonl"
{
  usage u3 2026-12-05T10:45:00.000Z checkout edge.exec 20000000
  usage u4 2026-12-05T10:50:00.000Z checkout edge.exec 1000
} >"$TMP/feed-2.jsonl"
printf '%s\n' '{"kind":"usage","v":1,"ts":"2026-12-05T10:00:00.000Z","id":"x","component":"checkout","resource":"edge.exec"}' \
  'not json' >"$TMP/feed-bad.jsonl"
golden budget/ingest "${bg[@]}" ingest "$TMP/feed-1.jsonl" --at 2026-12-05T10:45:00Z
golden budget/ingest-again "${bg[@]}" ingest "$TMP/feed-1.jsonl" --at 2026-12-05T10:45:00Z
golden budget/status "${bg[@]}" status --at 2026-12-05T10:45:00Z
golden budget/status-json "${bg[@]}" status --json --at 2026-12-05T10:45:00Z
golden budget/status-prometheus "${bg[@]}" status -o prometheus --at 2026-12-05T10:45:00Z
golden budget/check-ok "${bg[@]}" check --at 2026-12-05T10:45:00Z
golden budget/check-over "<$TMP/feed-2.jsonl" "${bg[@]}" check - --at 2026-12-05T11:00:00Z
golden budget/check-dry-run "${bg[@]}" check --dry-run --at 2026-12-05T11:10:00Z
golden budget/report "${bg[@]}" report edge.exec --per 1000 --at 2026-12-05T11:00:00Z
golden budget/report-json "${bg[@]}" report edge.exec --json --at 2026-12-05T11:00:00Z
golden budget/ingest-bad "${bg[@]}" ingest "$TMP/feed-bad.jsonl" --at 2026-12-05T11:00:00Z
golden budget/ingest-bad-skip "${bg[@]}" --on-error skip ingest "$TMP/feed-bad.jsonl" --at 2026-12-05T11:00:00Z
