#!/usr/bin/env bash
# `evt status --json` on a real failover state and budget: every tool's
# status records as it wrote them, evt.tool records, the hold; each record
# follows its schema. A tool evt does not know shows up; one that hangs is
# reported as timed out within --timeout, never holding the screen.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/evt_lib.bash"
write_site
decide 0 1111
spend 68000000

run "$EVT" status --json
expect_rc "status --json" 0
validate "$TMP/out"
jq -se 'map(select(.kind == "failover.path" and .active)) | length == 1 and .[0].path == "primary"' "$TMP/out" >/dev/null ||
  fail "no active primary in: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "budget" and .name == "edge-spend")) | length == 1' "$TMP/out" >/dev/null ||
  fail "no edge-spend budget in: $(cat "$TMP/out")"
for tool in failover budget; do
  jq -se --arg t "$tool" 'map(select(.kind == "evt.tool" and .tool == $t and .exit_code <= 1 and (has("error") | not))) | length == 1' \
    "$TMP/out" >/dev/null || fail "no clean evt.tool record for $tool: $(grep evt.tool "$TMP/out")"
done
# Tools without state have no status command and are left out.
! jq -se 'map(select(.kind == "evt.tool" and (.tool == "probe" or .tool == "load"))) | length > 0' "$TMP/out" >/dev/null ||
  fail "a tool without status is listed: $(grep evt.tool "$TMP/out")"

# A gate that admitted a ticket twice (gate B's scans merged into A's):
# the gates on the screen, the double admission in them.
TOKEN=$EVT_BIN_DIR/evt-token
jq '.token = {"gate": "A"}' "$EVT_CONFIG" >"$TMP/with-gate.json" && mv "$TMP/with-gate.json" "$EVT_CONFIG"
"$TOKEN" keys new --kid k1 >/dev/null
"$TOKEN" jwks >"$TMP/jwks.json"
ticket=$("$TOKEN" sign --claims '{"sub":"t1"}' --ttl 1h)
"$TOKEN" scan --gate A "$ticket" >/dev/null
"$TOKEN" --state-dir "$TMP/B" scan --gate B --jwks "$TMP/jwks.json" "$ticket" >/dev/null
"$TOKEN" --state-dir "$TMP/B" scans export | "$TOKEN" scans merge >/dev/null
run "$EVT" status --json
validate "$TMP/out"
jq -se 'map(select(.kind == "token.status" and .double_admissions == 1)) | length == 1' "$TMP/out" >/dev/null ||
  fail "no token.status with the double admission: $(cat "$TMP/out")"
jti=$(jq -r 'select(.kind == "token.status") | .latest_double_admissions[0].jti' "$TMP/out")

# For a person: the screen at 80 and 40 columns, not records.
for columns in 80 40; do
  COLUMNS=$columns run script -qefc "$(printf '%q ' "$EVT" status)" /dev/null
  expect_rc "status on a terminal at $columns columns" 0
  tr -d '\r' <"$TMP/out" | sed 's/\x1b\[[0-9;]*m//g' >"$TMP/screen"
  grep -q "^Paths  active: primary" "$TMP/screen" || fail "$columns columns: no active path: $(cat "$TMP/screen")"
  grep -q "edge-spend" "$TMP/screen" || fail "$columns columns: no budget: $(cat "$TMP/screen")"
  grep -q "admitted 1, inside 1, 1 double" "$TMP/screen" || fail "$columns columns: no gates: $(cat "$TMP/screen")"
  grep -q "$jti" "$TMP/screen" || fail "$columns columns: the double admission's ticket is missing: $(cat "$TMP/screen")"
  (( $(widest "$TMP/screen") <= columns )) || fail "a line wider than $columns columns: $(cat "$TMP/screen")"
done

# Tools next to a copy of evt: a new one shows, a hanging one times out.
mkdir -p "$TMP/bin"
cp "$EVT" "$TMP/bin/evt"
ln -s "$FAILOVER" "$TMP/bin/evt-failover"
cat >"$TMP/bin/evt-newtool" <<'SH'
#!/bin/sh
echo '{"kind":"newtool.status","v":1,"ts":"2026-12-06T10:00:00.000Z","widgets":7}'
SH
printf '#!/bin/sh\nexec sleep 30\n' >"$TMP/bin/evt-hangs"
chmod +x "$TMP/bin/evt-newtool" "$TMP/bin/evt-hangs"
started=$(date +%s%N)
run env PATH=/usr/bin:/bin "$TMP/bin/evt" status --json --timeout 500ms
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_rc "status with a hanging tool" 0
(( took_ms < 3000 )) || fail "status took ${took_ms}ms with a tool that hangs and --timeout 500ms"
jq -se 'map(select(.kind == "newtool.status" and .widgets == 7)) | length == 1' "$TMP/out" >/dev/null ||
  fail "the unknown tool's record is missing: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "evt.tool" and .tool == "hangs" and .error == "timed out after 500ms")) | length == 1' \
  "$TMP/out" >/dev/null || fail "the hanging tool is not reported: $(grep evt.tool "$TMP/out")"

run "$EVT" status --json --watch
expect_rc "status --json --watch" 2
run "$EVT" status --interval 0s
expect_rc "status --interval 0s" 2
echo "status: ok"
