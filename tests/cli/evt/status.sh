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
