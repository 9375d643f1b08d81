#!/usr/bin/env bash
# The shipped preflight runbook against the real tools on loopback (see
# preflight_site.bash): a dry run that changes no database but its audit and
# never runs the drill; a go run (exit 0) whose drill really breaks the
# primary and times evt-failover watch's switch; a no-go run where one gate's
# clock is 3 s ahead, which fails that row by name and exits non-zero; and a
# drill that no decider answers, which is a no-go and still restored.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"
source "$(dirname "$0")/preflight_site.bash"
command -v nginx >/dev/null || fail "nginx is missing: scripts/install-deps.sh test"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing"

pf_start_nginx
pf_write_scripts
export EVT_CONFIG=$TMP/event.json
pf_write_config "$EVT_CONFIG"
pf_seed

"$EVT_BIN_DIR/evt-failover" watch --state-dir "$TMP/state" >"$TMP/watch.jsonl" 2>"$TMP/watch.err" &
WATCH=$!
started $WATCH
for ((i = 0; i < 100; i++)); do
  [[ $(pf_active) == primary ]] && break
  sleep 0.1
done
[[ $(pf_active) == primary ]] || fail "evt-failover watch did not choose primary: $(cat "$TMP/watch.err")"

# A dry run: read-only checks run, the drill and the scans are only shown.
pf_dump >"$TMP/before.sql"
run "$RUNBOOK" run preflight --dry-run --json
expect_rc "dry run" 3
validate "$TMP/out"
pf_dump >"$TMP/after.sql"
diff "$TMP/before.sql" "$TMP/after.sql" >"$TMP/dump.diff" || fail "the dry run changed a database: $(head -20 "$TMP/dump.diff")"
[[ ! -s $TMP/drill.log ]] || fail "the dry run ran the drill: $(cat "$TMP/drill.log")"
grep -q "would run: $TMP/bin/drill-break" "$TMP/err" || fail "the dry run did not show the drill: $(cat "$TMP/err")"
jq -se 'map(select(.kind == "step" and .outcome != "ok")) == []' "$TMP/out" >/dev/null ||
  fail "a step failed in the dry run: $(jq -c 'select(.kind == "step" and .outcome != "ok")' "$TMP/out")"
[[ $(pf_active) == primary ]] || fail "the dry run moved traffic"

# Go: every row measured and within its threshold.
run "$RUNBOOK" -v run preflight --json
expect_rc "go" 0
validate "$TMP/out"
jq -se '[.[] | select(.kind == "step")] | length == 11 and all(.outcome == "ok")' "$TMP/out" >/dev/null ||
  fail "go: $(jq -c 'select(.kind == "step") | [.step, .outcome, .error]' "$TMP/out")"
[[ $(cat "$TMP/drill.log") == $'break\nrestore' ]] || fail "the drill did not break and restore: $(cat "$TMP/drill.log")"
jq -se 'any(.[]; .event == "switch" and .path == "fallback")' "$TMP/watch.jsonl" >/dev/null ||
  fail "evt-failover watch did not switch during the drill: $(cat "$TMP/watch.jsonl")"
switch=$(grep -o 'drill: go: [0-9]* ms, primary -> fallback' "$TMP/err") || fail "no drill figure: $(cat "$TMP/err")"
echo "preflight drill: ${switch#drill: go: }"
jq -se 'map(select(.kind == "preflight"))[0] | .verdict == "go" and (.rows | length == 11 and all(.verdict == "go" or (.id == "dns" and .verdict == "skipped")))
        and any(.rows[]; .id == "cdn" and (.figure | startswith("assets 1 ")))' "$TMP/out" >/dev/null ||
  fail "the matrix: $(jq -c 'select(.kind == "preflight")' "$TMP/out")"
grep -q '^evt-runbook: preflight: info: GO$' "$TMP/err" || fail "no GO: $(cat "$TMP/err")"
jq -r 'select(.kind == "preflight") | .rows[] | [.check, .verdict, .figure] | @tsv' "$TMP/out"  # the report, for the log

# The restore brought the primary back: wait for the failback.
for ((i = 0; i < 100; i++)); do
  [[ $(pf_active) == primary ]] && break
  sleep 0.1
done
[[ $(pf_active) == primary ]] || fail "no failback to primary after the drill's restore"

# No-go: gate-fast's clock is 3 s ahead (and gate-gone cannot be reached);
# the drill is left out (optional).
pf_write_config "$EVT_CONFIG" '.runbooks."gate-sync".gates += ["gate-fast", "gate-gone"] | del(.runbooks.preflight.drill) |
  .runbooks.preflight.optional = ["drill"]'
run "$RUNBOOK" -v run preflight --json
expect_rc "no-go" 1
validate "$TMP/out"
jq -se '[.[] | select(.kind == "step" and .outcome == "failed") | .step] ==
        ["gate clock skew <= 500 ms", "go/no-go"]' "$TMP/out" >/dev/null ||
  fail "no-go: $(jq -c 'select(.kind == "step") | [.step, .outcome, .error]' "$TMP/out")"
jq -se 'map(select(.kind == "step" and .step == "gate clock skew <= 500 ms"))[0].error | test("at gate-fast")' \
  "$TMP/out" >/dev/null || fail "the skew row does not name gate-fast: $(cat "$TMP/out")"
grep -q 'gate-gone unmeasured: decode on gate-gone exited 255: no route to gate-gone' "$TMP/err" ||
  fail "the unreachable gate is not in the skew row: $(cat "$TMP/err")"
grep -q '^evt-runbook: preflight: error: NO-GO: gate_skew (max [0-9]* ms at gate-fast: ' "$TMP/err" ||
  fail "the summary does not name the row: $(cat "$TMP/err")"
jq -se 'map(select(.kind == "runbook"))[0] | .outcome == "failed"' "$TMP/out" >/dev/null || fail "the run record: $(cat "$TMP/out")"
jq -se 'map(select(.kind == "preflight"))[0] | .verdict == "no-go" and (.message | startswith("NO-GO: gate_skew ("))
        and any(.rows[]; .id == "drill" and .verdict == "skipped" and (.figure | startswith("optional, not run: no drill")))' \
  "$TMP/out" >/dev/null || fail "the no-go matrix: $(jq -c 'select(.kind == "preflight")' "$TMP/out")"
[[ $(wc -l <"$TMP/drill.log") -eq 2 ]] || fail "the no-go run ran a drill"
# A drill nobody answers (the watch is stopped): no-go after the wait, and
# the restore ran all the same.
kill -TERM "$WATCH"
wait_exit "$WATCH" 10
pf_write_config "$EVT_CONFIG" '.runbooks.preflight.failover_max_ms = 300'
run "$RUNBOOK" -v run preflight --json
expect_rc "unanswered drill" 1
jq -se 'map(select(.kind == "step" and .outcome == "failed") | .step) == ["failover to the fallback <= 300 ms", "go/no-go"]' \
  "$TMP/out" >/dev/null || fail "unanswered drill: $(jq -c 'select(.kind == "step") | [.step, .outcome, .error]' "$TMP/out")"
grep -q 'still on primary after' "$TMP/err" || fail "the drill row: $(cat "$TMP/err")"
[[ $(tail -n 2 "$TMP/drill.log" | tr '\n' ' ') == "break restore " && -f $TMP/nginx/www/primary/ok ]] ||
  fail "the drill was not restored: $(cat "$TMP/drill.log")"
echo "library_preflight: ok"
