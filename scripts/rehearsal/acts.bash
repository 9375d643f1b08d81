# Sourced by scripts/rehearsal.sh: the acts. Each keeps the records of
# the tools it runs in $T/out/NAME.jsonl and appends them to $RECORDS;
# each sets its verdict in VERDICT[act] ("go" or "no-go: why"), and may
# give the figure it was judged on (FIGURE[act]) for the table.
declare -A VERDICT=() FIGURE=()
ACTS=()
mkdir -p "$T/out"

say() { [[ $HEADLESS -eq 1 ]] || printf '%s\n' "$*"; }
head_act() { say ""; say "== $*"; }
set_verdict() {  # ACT go|"no-go: why" [FIGURE]
  ACTS+=("$1")
  VERDICT[$1]=$2
  FIGURE[$1]=${3:-}
}
verdict() {  # ACT go|"no-go: why" [FIGURE]
  set_verdict "$@"
  say "   -> $2"
}

# rec NAME CMD...: runs CMD; its records go to $T/out/NAME.jsonl and
# $RECORDS, its stderr to $T/logs/NAME.err; RC is its exit status.
rec() {
  local name=$1
  shift
  set +e
  "$@" >"$T/out/$name.jsonl" 2>"$T/logs/$name.err" </dev/null
  RC=$?
  set -e
  cat "$T/out/$name.jsonl" >>"$RECORDS"
}

# runbook NAME [ARGS...]: a shipped runbook, headless; its steps shown.
runbook() {
  local name=$1 out=rb-$1-$((++RUNBOOK_RUNS))
  rec "$out" evt-runbook run --yes --json "$@"
  if [[ $HEADLESS -eq 0 && ${SHOW_STEPS:-1} -eq 1 ]]; then
    jq -r 'select(.kind == "step") | "   \(if .depth > 0 then "  " * .depth else "" end)[\(.outcome)] \(.step) (\(.duration_ms) ms)\(if .error then ": " + .error else "" end)"' \
      "$T/out/$out.jsonl"
    say "   evt-runbook run $* -> exit $RC"
  fi
}
RUNBOOK_RUNS=0

# A timestamp (RFC 3339 in UTC, milliseconds) as epoch milliseconds, in jq.
JQ_MS='def ms: (.[0:19] + "Z" | fromdate) * 1000 + (if .[19:20] == "." then (.[20:23] | tonumber) else 0 end);'

active_path() { evt-failover status --json 2>/dev/null | jq -r 'select(.kind == "failover.path" and .active) | .path' | head -n 1; }
wait_active() {  # PATH SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do [[ $(active_path) == "$1" ]] && return 0; sleep 0.1; done
  return 1
}

seed_keys() {
  evt-token keys new >/dev/null 2>"$T/logs/keys.err" || die "evt-token keys new: $(cat "$T/logs/keys.err")"
  local gate
  for gate in gate-a gate-b; do
    evt-token keys export | to-gate "$gate" keys import - >/dev/null 2>>"$T/logs/keys.err" ||
      die "seeding $gate's key ring: $(cat "$T/logs/keys.err")"
  done
}

act_preflight() {
  head_act "1. preflight: the go/no-go matrix on the live site"
  if [[ -f $ROOT/runbooks/preflight.lua ]] && evt-runbook check preflight >/dev/null 2>&1; then
    SHOW_STEPS=0 runbook preflight
    # Its report: the matrix, a preflight record among its step records.
    jq -r 'select(.kind == "preflight") | (.rows[] | "   \(.check): \(.verdict): \(.figure)"), "   \(.message // "GO")"' \
      "$T/out/rb-preflight-1.jsonl" | while IFS= read -r line; do say "$line"; done
    if [[ $RC -eq 0 ]]; then verdict preflight go; else verdict preflight "no-go: preflight exit $RC"; fi
  else
    say "preflight: not in this build"
  fi
  rec checkout evt-probe run --json checkout
  say "   checkout flow: $(jq -r 'select(.kind == "flow") | "ok=\(.ok) in \(.duration_ms // .total_ms // "?") ms"' "$T/out/checkout.jsonl" | head -n 1)"
  if [[ $RC -eq 0 ]]; then verdict checkout go; else verdict checkout "no-go: the checkout flow failed"; fi
  # The CDN edge: one round warms its cache (preflight may have), the next is measured.
  evt-probe run --json assets >/dev/null 2>&1 || true
  rec cdn evt-probe run --json assets
  say "   CDN edge: $(jq -r 'select(.kind == "probe.cdn") | "hit ratio \(.hit_ratio) (\(.hits) of \(.probes)), ok=\(.ok)"' "$T/out/cdn.jsonl")"
  if [[ $RC -eq 0 ]]; then verdict cdn go; else verdict cdn "no-go: the CDN hit ratio is under its threshold"; fi
  # The drill froze the primary; the rules hand traffic back after failback_after.
  wait_active primary 15 || true
}

# The primary uplink cut, and back (the peak act cuts it under load).
cut_primary() { kill -KILL "$SPAWNED_nginx_primary"; }
restore_primary() { start_uplink_nginx primary "$PORT_primary"; }

act_failover() {
  head_act "2. the primary uplink dies under evt-failover watch"
  wait_active primary 15 || say "   (the primary is not active before the kill: $(active_path))"
  rec last-good evt-probe http --json "http://127.0.0.1:$PORT_primary/ok"
  local seen_ms switch="" i
  seen_ms=$(jq -r "$JQ_MS"' select(.kind == "probe") | .ts | ms' "$T/out/last-good.jsonl")
  cut_primary
  say "   primary nginx killed (last answered at $(jq -r 'select(.kind == "probe") | .ts' "$T/out/last-good.jsonl"))"
  for ((i = 0; i < 100; i++)); do
    switch=$(jq -c "$JQ_MS"' select(.kind == "failover" and .event == "switch" and .active == "local" and (.ts | ms) >= '"$seen_ms"')' \
      "$T/watch.jsonl" 2>/dev/null | head -n 1)
    [[ -n $switch ]] && break
    sleep 0.1
  done
  if [[ -z $switch ]]; then
    verdict failover "no-go: no switch to local within 10 s"
  else
    SWITCH_MS=$(jq -r "$JQ_MS"' (.ts | ms) - '"$seen_ms" <<<"$switch")
    say "   switch: $(jq -r '"\(.previous) -> \(.active): \(.reason)"' <<<"$switch")"
    say "   measured: ${SWITCH_MS} ms from the primary's last answer to the switch record (limit 5000 ms)"
    if ((SWITCH_MS <= 5000)); then verdict failover go; else verdict failover "no-go: switch took ${SWITCH_MS} ms"; fi
  fi
  say "   failover-to-local: force the fallback, check order capture answers there, page on-call"
  runbook failover-to-local
  local forced=$RC
  runbook failover-to-local --var action=release
  if [[ $forced -eq 0 && $RC -eq 0 ]]; then verdict failover-to-local go; else verdict failover-to-local "no-go: force $forced, release $RC"; fi
  # The primary comes back; the rules move traffic back after failback_after.
  restore_primary
  say "   primary restarted; on-call heard: $(grep -c . "$T/notify.log") line(s) so far"
}

# The ticket office signs, the two gates scan in turn, until $T/stop-scans.
scan_loop() {
  local i=0 gate token
  while [[ ! -e $T/stop-scans ]]; do
    gate="gate-a"
    ((i % 2)) && gate="gate-b"
    token=$(evt-token sign --claims "{\"sub\":\"rotation-$i\"}" 2>>"$T/logs/scan-loop.err") || { sleep 0.05; continue; }
    printf '%s\n' "$token" >>"$T/out/rotation-tickets.txt"
    to-gate "$gate" scan --json --gate "$gate" "$token" >>"$T/out/rotation-scans.jsonl" 2>>"$T/logs/scan-loop.err" || true
    i=$((i + 1))
  done
}

act_rotate() {
  head_act "3. the signing key rotates while both gates keep scanning"
  local old new
  old=$(evt-token keys list --json | jq -r 'select(.state == "active") | .kid')
  : >"$T/out/rotation-scans.jsonl"
  : >"$T/out/rotation-tickets.txt"
  rm -f "$T/stop-scans"
  scan_loop &
  BG+=("$!")
  local loop=$!
  sleep 1
  runbook rotate-signing-key
  local rotated=$RC
  sleep 1
  touch "$T/stop-scans"
  wait "$loop" || true
  cat "$T/out/rotation-scans.jsonl" >>"$RECORDS"
  new=$(evt-token keys list --json | jq -r 'select(.state == "active") | .kid')
  # Which key signed each ticket scanned.
  evt-token decode --json <"$T/out/rotation-tickets.txt" >"$T/out/rotation-decoded.jsonl" 2>"$T/logs/decode.err" || true
  local by_old by_new
  by_old=$(jq -s --arg k "$old" 'map(select(.kind == "token.decoded" and .header.kid == $k)) | length' "$T/out/rotation-decoded.jsonl")
  by_new=$(jq -s --arg k "$new" 'map(select(.kind == "token.decoded" and .header.kid == $k)) | length' "$T/out/rotation-decoded.jsonl")
  local scans refused
  scans=$(jq -s 'map(select(.kind == "scan")) | length' "$T/out/rotation-scans.jsonl")
  refused=$(jq -s 'map(select(.kind == "scan" and .ok != true)) | length' "$T/out/rotation-scans.jsonl")
  say "   key ${old:0:12}… -> ${new:0:12}… (the old one verifies for its grace period)"
  say "   $scans ticket(s) scanned at gate-a and gate-b during the rotation ($by_old signed by the old key, $by_new by the new), $refused refused"
  jq -r 'select(.kind == "scan" and .ok != true) | "   refused at \(.gate): \(.result) \(.detail // "")"' "$T/out/rotation-scans.jsonl" | head -n 5 |
    while IFS= read -r line; do say "$line"; done
  if [[ $rotated -eq 0 && $by_old -gt 0 && $by_new -gt 0 && $refused -eq 0 && $new != "$old" ]]; then
    verdict rotation go
  else
    verdict rotation "no-go: runbook exit $rotated, $refused of $scans scans refused"
  fi
}

scan_at() {  # GATE TOKEN NAME
  rec "$3" to-gate "$1" scan --json --gate "$1" "$2"
  say "   scan at $1: $(jq -r 'select(.kind == "scan") | if .ok then "admitted" else "refused (\(.result))" end' "$T/out/$3.jsonl")"
}

act_gate_sync() {
  head_act "4. one ticket at both gates while they are offline, then gate-sync"
  local ticket
  ticket=$(evt-token sign --claims '{"sub":"double-1"}')
  scan_at gate-a "$ticket" offline-a
  scan_at gate-b "$ticket" offline-b
  runbook gate-sync
  local synced=$RC
  rec report-a to-gate gate-a scans report --json
  rec report-b to-gate gate-b scans report --json
  local doubles
  doubles=$(jq -s 'map(select(.kind == "double_admission")) | length' "$T/out/report-a.jsonl")
  say "   double admissions reported after the sync: $doubles"
  jq -r 'select(.kind == "double_admission") | "   \(.jti): \(.admitted_by.gate) then \([.also[].gate] | join(", "))"' "$T/out/report-a.jsonl" |
    while IFS= read -r line; do say "$line"; done
  scan_at gate-a "$ticket" rescan-a
  scan_at gate-b "$ticket" rescan-b
  local readmitted
  readmitted=$(cat "$T/out/rescan-a.jsonl" "$T/out/rescan-b.jsonl" | jq -s 'map(select(.kind == "scan" and .ok)) | length')
  if [[ $synced -eq 0 && $doubles -ge 1 && $readmitted -eq 0 ]]; then
    verdict gate-sync go
  else
    verdict gate-sync "no-go: sync exit $synced, $doubles double admission(s) reported, $readmitted readmitted"
  fi
}

# battery_step CHARGE% LOAD% STATUS: the UPS reports it; evt-scrape reads
# it into evt-budget; the governor's decision; shed-non-essential acts.
BATTERY_STEPS=0
battery_step() {
  local want i n=$((++BATTERY_STEPS))
  set_battery "$1" "$2" "$3"
  want=$(awk -v p="$1" 'BEGIN { print p / 100 }')
  for ((i = 0; i < 100; i++)); do
    evt-scrape run ups --json >"$T/out/scrape-$n.jsonl" 2>"$T/logs/scrape-$n.err" || true
    [[ $(jq -r 'select(.name == "nut_battery_charge") | .value' "$T/out/scrape-$n.jsonl") == "$want" ]] && break
    sleep 0.1
  done
  # A second reading confirms the first: evt-budget holds back a charge that
  # moved further than a battery can until the next reading agrees.
  evt-scrape run ups --json >>"$T/out/scrape-$n.jsonl" 2>>"$T/logs/scrape-$n.err" || true
  cat "$T/out/scrape-$n.jsonl" >>"$RECORDS"
  evt-budget ingest - <"$T/out/scrape-$n.jsonl" >/dev/null 2>"$T/logs/ingest-$n.err" ||
    say "   evt-budget ingest: $(cat "$T/logs/ingest-$n.err")"
  # The decision the runbook is about to take, shown (a dry run stores nothing).
  rec "decision-$n" evt-budget check --dry-run --json
  local svc_before
  svc_before=$(wc -l <"$T/svc.log")
  say "   battery $1% load $2% ($3): $(jq -r 'select(.kind == "decision") | "\(.action) (level \(.previous_level) -> \(.level)): \(.reason)"' "$T/out/decision-$n.jsonl")"
  HEADLESS_SAVED=$HEADLESS
  HEADLESS=1 runbook shed-non-essential
  HEADLESS=$HEADLESS_SAVED
  [[ $RC -eq 0 ]] || SHED_FAILED=$((SHED_FAILED + 1))
  tail -n "+$((svc_before + 1))" "$T/svc.log" | while IFS= read -r line; do say "     svc: $line"; done
}

act_battery() {
  head_act "5. the battery drains, then recharges: shed-non-essential follows the governor"
  SHED_FAILED=0
  battery_step 100 40 "OL"
  battery_step 33 40 "OB DISCHRG"
  battery_step 20 30 "OB DISCHRG"
  sleep 2.3  # budget.hold: a level is restored only after it held 2 s
  battery_step 100 15 "OL CHRG"
  sleep 2.3
  battery_step 100 30 "OL"
  local actions
  actions=$(cat "$T"/out/decision-*.jsonl | jq -rs 'map(select(.kind == "decision") | .action) | join(" ")')
  say "   decisions: $actions"
  if [[ $actions == "keep shed shed restore restore" && $SHED_FAILED -eq 0 ]] &&
    grep -q "stop analytics" "$T/svc.log" && grep -q "start analytics" "$T/svc.log"; then
    verdict battery go
  else
    verdict battery "no-go: decisions \"$actions\", $SHED_FAILED runbook run(s) failed"
  fi
}

# act_hot_swap: the UPS's packs swapped hot, announced with `evt-budget
# swap`: the pulled packs read 0 %, the reading is held back, and the
# governor keeps its level. (Its records stay out of $RECORDS: a 0 % charge
# there would read as a drained battery that was not shed for.)
act_hot_swap() {
  head_act "5b. the battery's packs are swapped hot, announced: nothing is shed"
  local i got
  evt-budget swap ups --for 5m >/dev/null 2>"$T/logs/swap.err" || say "   evt-budget swap: $(cat "$T/logs/swap.err")"
  set_battery 0 30 "OB DISCHRG"
  for ((i = 0; i < 100; i++)); do
    evt-scrape run ups --json >"$T/out/swap-scrape.jsonl" 2>"$T/logs/swap-scrape.err" || true
    [[ $(jq -r 'select(.name == "nut_battery_charge") | .value' "$T/out/swap-scrape.jsonl") == 0 ]] && break
    sleep 0.1
  done
  evt-budget ingest - <"$T/out/swap-scrape.jsonl" >/dev/null 2>"$T/logs/swap-ingest.err" ||
    say "   evt-budget ingest: $(cat "$T/logs/swap-ingest.err")"
  evt-budget check --dry-run --json >"$T/out/swap-decision.jsonl" 2>"$T/logs/swap-check.err" </dev/null || true
  got=$(jq -r 'select(.kind == "decision") | "\(.action) \(.level)"' "$T/out/swap-decision.jsonl")
  say "   swap announced for 5m; the pulled packs read 0%: $got"
  set_battery 100 30 "OL"
  if [[ $got == "keep 0" ]]; then
    verdict hot-swap go
  else
    verdict hot-swap "no-go: \"$got\" during the swap"
  fi
}

act_summary() {
  kill -TERM "$SPAWNED_watch" 2>/dev/null || true
  cat "$T/watch.jsonl" >>"$RECORDS"
  rec history evt-runbook history --json
  local act overall=go elapsed
  head_act "6. go/no-go"
  for act in "${ACTS[@]}"; do
    say "$(printf '   %-18s %s%s' "$act" "${VERDICT[$act]}" "${FIGURE[$act]:+  [${FIGURE[$act]}]}")"
    [[ ${VERDICT[$act]} == go ]] || overall=no-go
  done
  elapsed=$((($(date +%s%N) - STARTED_AT) / 1000000))
  say ""
  say "   overall: $overall, in $((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000))) s"
  say "   records of every tool: $RECORDS"
  say "   state: $T/state (gates: $T/gates), on-call log: $T/notify.log, svc log: $T/svc.log"
  say "   audit trail: EVT_STATE_DIR=$T/state evt-runbook history ($(jq -s 'map(select(.kind == "runbook")) | length' "$T/out/history.jsonl") runs, newest first):"
  jq -r 'select(.kind == "runbook") | "     \(.started_at[11:19])  \(.runbook)\(if .dry_run then " (dry run)" else "" end)  \(.outcome)  \(.duration_ms) ms"' \
    "$T/out/history.jsonl" | while IFS= read -r line; do say "$line"; done
  if [[ $KEEP -eq 0 ]]; then say "   (removed on exit: run with --keep to inspect it)"; fi
  if [[ $HEADLESS -eq 1 ]]; then
    for act in "${ACTS[@]}"; do
      [[ ${VERDICT[$act]} == go ]] || echo "rehearsal: $act: ${VERDICT[$act]}" >&2
    done
    echo "rehearsal: $overall in ${elapsed} ms; records: $RECORDS"
  fi
  [[ $overall == go ]]
}
