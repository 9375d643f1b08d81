#!/usr/bin/env bash
# Money on a terminal is shown with the currency's own minor-unit digits
# (ISO 4217): a yen budget has none, a dinar three, a euro two. Amounts in
# records stay integers in minor units.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/budget_lib.bash"
command -v script >/dev/null || fail "script (util-linux) is needed for a terminal"

cat >"$EVT_CONFIG" <<'JSON'
{
  "site": { "name": "test", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z" },
  "budget": {
    "rates": { "edge.exec": { "per": 1000000, "price": 60, "currency": "JPY" } },
    "components": { "checkout": "critical" },
    "budgets": [ { "name": "edge-yen", "unit": "money", "limit": 50000, "currency": "JPY",
                   "cost_per_1k": { "resource": "edge.exec", "max": 1 } } ]
  }
}
JSON
usage u1 2026-12-05T10:00:00.000Z checkout edge.exec 20000000 >"$TMP/in.jsonl"
run "$BUDGET" ingest "$TMP/in.jsonl" --at 2026-12-05T11:00:00Z
expect_rc "ingest" 0
run "$BUDGET" status --json --at 2026-12-05T11:00:00Z
[[ $(field "$TMP/out" 0 .spent) == 1200 ]] || fail "status record: spent $(field "$TMP/out" 0 .spent), expected 1200 (yen)"

# on_terminal ARGS...: evt-budget ARGS on a pseudo-terminal, 120 columns.
on_terminal() {
  COLUMNS=120 NO_COLOR=1 script -qefc "$(printf '%q ' "$BUDGET" "$@")" /dev/null </dev/null >"$TMP/tty" 2>&1 || true
  tr -d '\r' <"$TMP/tty" >"$TMP/out"
}
on_terminal status --at 2026-12-05T11:00:00Z
grep -q '1200 JPY' "$TMP/out" || fail "status on a terminal: expected 1200 JPY: $(cat "$TMP/out")"
! grep -q '12\.00 JPY' "$TMP/out" || fail "status on a terminal shows yen in hundredths: $(cat "$TMP/out")"

on_terminal report edge.exec --per 1000 --at 2026-12-05T11:00:00Z
grep -Eq 'checkout +20000000 +1200 +0\.0600 +1\.0000' "$TMP/out" ||
  fail "report on a terminal: expected 1200 yen, 0.0600 per 1000 against 1.0000: $(cat "$TMP/out")"
exit 0
