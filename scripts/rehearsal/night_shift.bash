# Sourced by scripts/rehearsal.sh: act 7, "the night shift". Nobody types
# an evt command except the on-call who swaps the battery's packs: the
# build is installed under $N/prefix (`cmake --install`), and its systemd
# units are run by scripts/rehearsal/units.sh, on their timers' schedules
# divided by NIGHT_FACTOR, in a stand-in root $N (its etc/evt/event.json
# is the site's config, whose site.state_dir is $N/var/lib/evt). Then the
# primary uplink dies, the battery drains and its packs are swapped hot,
# and the act checks what the units did about it: the switch, the page at
# the webhook receiver, the non-essential services paused and resumed, the
# gates synced, all in one `evt-runbook history` of the site's state.

NIGHT_FACTOR=60  # a unit's minute is a second
N=$T/night

# night CMD...: as on-call runs a tool on the site: the site's config, its
# state root from the config (not the rehearsal's EVT_STATE_DIR).
night() { env -u EVT_STATE_DIR EVT_CONFIG="$N/etc/evt/event.json" PATH="$N/prefix/bin:$PATH" "$@"; }
night_ms() { echo $(($(date +%s%3N) - NIGHT_T0)); }
night_at() { awk -v ms="$1" 'BEGIN { printf "+%.1f s", ms / 1000 }'; }

# until_night SECONDS CMD...: polls CMD every 100 ms; 1 if it never held.
until_night() {
  local tries=$(($1 * 10)) i
  shift
  for ((i = 0; i < tries; i++)); do "$@" && return 0; sleep 0.1; done
  return 1
}

write_night_commands() {
  mkdir -p "$N/bin" "$N/run" "$N/gates/gate-a" "$N/gates/gate-b" "$N/kiosks/kiosk-b"
  chmod 700 "$N/gates/gate-a" "$N/gates/gate-b" "$N/kiosks/kiosk-b"
  # The non-essential services: running while $N/run/NAME exists.
  cat >"$N/bin/svc" <<SH
#!/bin/sh
case \$1 in
  status) [ -e "$N/run/\$2" ]; exit \$(( \$? == 0 ? 0 : 3 )) ;;
  start | restore) touch "$N/run/\$2" ;;
  stop | reduce) rm -f "$N/run/\$2" ;;
  *) exit 2 ;;
esac
echo "\$(date +%s%3N) \$1 \$2" >>"$N/svc.log"
SH
  cat >"$N/bin/to-gate" <<SH
#!/bin/sh
gate=\$1; shift
exec "$N/prefix/bin/evt-token" --state-dir "$N/gates/\$gate" "\$@"
SH
  cat >"$N/bin/to-kiosk" <<SH
#!/bin/sh
kiosk=\$1; shift
exec "$N/prefix/bin/evt-price" --state-dir "$N/kiosks/\$kiosk" "\$@"
SH
  chmod +x "$N/bin/svc" "$N/bin/to-gate" "$N/bin/to-kiosk"
  touch "$N/run/ar-overlay" "$N/run/analytics" "$N/run/stream"
  : >"$N/svc.log"
}

# The rehearsal's site as /etc/evt/event.json, with what the example adds
# for the night: the state root in the config (without the day's hooks,
# which point the day's router at a path), the primary's on_down hook
# and the on-call webhook as examples/event.json writes them (pointed at
# the receiver), its anomaly detection (evt-detect.service), the gates, a
# kiosk, the orders outbox to the checkout (its timer finds nothing due)
# and the services reached through $N/bin.
write_night_config() {  # UPLINK_PORT HOOK_URL
  mkdir -p "$N/etc/evt" "$N/var/lib/prometheus/node-exporter"
  jq --slurpfile ex "$ROOT/examples/event.json" --arg uplink "http://127.0.0.1:$1/ok" --arg hook "$2" --arg n "$N" \
    --arg shop "http://127.0.0.1:$PORT_checkout/api/orders" '
    .site.state_dir = "../../var/lib/evt"
    | .probe.targets.uplink.url = $uplink
    | .failover.paths |= map(del(.on_activate))
    | .failover.paths[0].on_down = $ex[0].failover.paths[0].on_down
    | .detect = $ex[0].detect
    | .outbox = { kiosk: "kiosk-a", queues: { orders: { class: "critical", destinations: ["shop"] } },
                  destinations: { shop: { type: "http", url: $shop, token: { env: "SHOP_API_KEY" }, idempotency: true } } }
    | .runbook = { allow_exec: [$n + "/bin/svc", $n + "/bin/to-gate", $n + "/bin/to-kiosk"],
                   notify: ($ex[0].runbook.notify | .webhook.url = $hook) }
    | .runbooks = {
        "gate-sync": { gates: ["gate-a", "gate-b"], transport: [$n + "/bin/to-gate", "{gate}"] },
        "redemption-sync": { kiosks: ["kiosk-b"], transport: [$n + "/bin/to-kiosk", "{kiosk}"] },
        "shed-non-essential": {
          status: { "ar-overlay": [$n + "/bin/svc", "status", "ar-overlay"], analytics: [$n + "/bin/svc", "status", "analytics"],
                    stream: [$n + "/bin/svc", "status", "stream"] },
          pause: { "ar-overlay": [$n + "/bin/svc", "stop", "ar-overlay"], analytics: [$n + "/bin/svc", "stop", "analytics"],
                   stream: [$n + "/bin/svc", "reduce", "stream"] },
          resume: { "ar-overlay": [$n + "/bin/svc", "start", "ar-overlay"], analytics: [$n + "/bin/svc", "start", "analytics"],
                    stream: [$n + "/bin/svc", "restore", "stream"] } } }' \
    "$EVT_CONFIG" >"$N/etc/evt/event.json"
  # The units' EnvironmentFile: the secrets the config names by variable.
  printf 'ONCALL_HOOK=%s\nSHOP_API_KEY=%s\n' "$NIGHT_HOOK_KEY" "$SHOP_API_KEY" >"$N/etc/evt/secrets.env"
  chmod 600 "$N/etc/evt/secrets.env"
}

night_seed() {
  # As root checks it before the night: with the units' secrets.
  # shellcheck disable=SC2046
  night env $(cat "$N/etc/evt/secrets.env") evt-runbook config check >"$T/logs/night-config.err" 2>&1 || die "the night's config: $(cat "$T/logs/night-config.err")"
  night evt-token keys new >/dev/null 2>"$T/logs/night-keys.err" || die "evt-token keys new: $(cat "$T/logs/night-keys.err")"
  local gate
  for gate in gate-a gate-b; do
    night evt-token keys export | "$N/bin/to-gate" "$gate" keys import - >/dev/null 2>>"$T/logs/night-keys.err" ||
      die "seeding $gate's key ring: $(cat "$T/logs/night-keys.err")"
  done
}

night_active() { [[ $(night evt-failover status --json 2>/dev/null | jq -r 'select(.kind == "failover.path" and .active) | .path') == "$1" ]]; }
night_paged() { [[ -s $N/pages.jsonl ]]; }
night_svc_did() { grep -q " $1 $2\$" "$N/svc.log"; }
night_double_reported() {
  "$N/bin/to-gate" gate-a scans report --json 2>/dev/null | jq -e -s 'map(select(.kind == "double_admission")) | length > 0' >/dev/null
}
night_shed_done() { night_svc_did stop analytics && night_svc_did stop ar-overlay && night_svc_did reduce stream; }
# The governor's decisions, as the budget-check unit's journal has them.
night_decisions() {
  [[ -f $N/journal/evt-budget-check.service.log ]] || return 0
  grep '^{' "$N/journal/evt-budget-check.service.log" | jq -c 'select(.kind == "decision")' || true
}
night_note() { say "   $(night_at "$(night_ms)")  $*"; }

act_night_shift() {
  head_act "7. the night shift: only the installed units, their timers ÷ $NIGHT_FACTOR, and one person"
  NIGHT_T0=$(date +%s%3N)
  NIGHT_HOOK_KEY="hook-$RANDOM$RANDOM"
  # Stripped: the act needs the programs, not 450 MB of debug info in a temp dir.
  cmake --install "$BUILD" --prefix "$N/prefix" --strip >"$T/logs/night-install.log" 2>&1 ||
    die "cmake --install: $(tail -n 5 "$T/logs/night-install.log")"
  local units=$N/prefix/lib/systemd/system
  local port_uplink hook_port
  port_uplink=$(free_port)
  start_uplink_nginx night-primary "$port_uplink"
  spawn night-hook python3 "$ROOT/tests/cli/runbook/notify_webhook_server.py" "$NIGHT_HOOK_KEY" "$N/pages.jsonl" \
    "$N/hook.port" "$N/hook.status"
  until_night 5 test -s "$N/hook.port" || die "the webhook receiver did not start: $(cat "$T/logs/night-hook.log")"
  hook_port=$(cat "$N/hook.port")
  write_night_commands
  write_night_config "$port_uplink" "http://127.0.0.1:$hook_port/oncall"
  night_seed
  set_battery 100 30 "OL"
  spawn night-units bash "$LIB/units.sh" "$units" "$N/prefix/bin" "$N" "$NIGHT_FACTOR" "$N/journal"
  night_note "installed under $N/prefix; $(ls "$units" | grep -c '\.timer$') timers and evt-failover.service started"

  local ok_failover=0 ok_page=0 ok_shed=0 ok_swap=0 ok_resume=0 ok_gates=0
  until_night 10 night_active primary && night_note "evt-failover.service: traffic on primary"

  # Two gates offline to each other admit the same ticket; the gate-sync
  # timer is what tells them.
  local ticket
  ticket=$(night evt-token sign --claims '{"sub":"night-1"}')
  "$N/bin/to-gate" gate-a scan --json --gate gate-a "$ticket" >>"$N/scans.jsonl" 2>>"$T/logs/night-scans.err"
  "$N/bin/to-gate" gate-b scan --json --gate gate-b "$ticket" >>"$N/scans.jsonl" 2>>"$T/logs/night-scans.err"
  night_note "one ticket admitted at gate-a and at gate-b, offline to each other"

  kill -KILL "$SPAWNED_nginx_night_primary"
  night_note "the primary uplink dies"
  if until_night 10 night_active local; then
    night_note "evt-failover.service: traffic on local"
    ok_failover=1
  fi
  if until_night 10 night_paged; then
    night_note "on-call paged at the webhook: $(jq -r 'select(.signature_ok) | .body.message' "$N/pages.jsonl" | head -n 1)"
    ok_page=1
  fi

  # The on-call swaps the packs: two minutes, announced; the pulled packs
  # read 0 % and are held back; the fresh ones read full. Nothing is shed.
  local swap_s=$((120 / NIGHT_FACTOR)) svc_before decisions_before
  svc_before=$(wc -l <"$N/svc.log")
  decisions_before=$(night_decisions | wc -l)
  night evt-budget swap ups --for "${swap_s}s" >/dev/null 2>"$T/logs/night-swap.err" ||
    say "   evt-budget swap: $(cat "$T/logs/night-swap.err")"
  set_battery 0 30 "OB DISCHRG"
  night_note "on-call: evt-budget swap ups --for ${swap_s}s (2m ÷ $NIGHT_FACTOR); the pulled packs read 0 %"
  sleep "$swap_s"
  set_battery 100 30 "OL"
  night_note "fresh packs in: 100 %"
  local during
  during=$(night_decisions | tail -n "+$((decisions_before + 1))" | jq -r -s '"\(length) \(map(.level) | max // 0)"')
  if [[ ${during% *} -gt 0 && ${during#* } -eq 0 && $(wc -l <"$N/svc.log") -eq $svc_before ]]; then
    night_note "the budget checks during the swap: ${during% *}, all at level 0; nothing was shed"
    ok_swap=1
  else
    night_note "during the swap: ${during% *} budget check(s), highest level ${during#* }; svc: $(tail -n "+$((svc_before + 1))" "$N/svc.log" | tr '\n' ' ')"
  fi

  set_battery 45 35 "OB DISCHRG"
  night_note "mains lost; the battery drains: 45 %"
  sleep 1
  set_battery 20 30 "OB DISCHRG"
  night_note "the battery drains: 20 %"
  if until_night 15 night_shed_done; then
    night_note "the shed reconcile paused: $(awk '$2 == "stop" || $2 == "reduce" { printf "%s%s", sep, $3; sep = ", " }' "$N/svc.log")"
    ok_shed=1
  fi
  set_battery 100 15 "OL CHRG"
  night_note "mains back: 100 %, charging"
  if until_night 20 night_svc_did start analytics; then
    night_note "the shed reconcile resumed: $(awk '$2 == "start" || $2 == "restore" { printf "%s%s", sep, $3; sep = ", " }' "$N/svc.log")"
    ok_resume=1
  fi
  if until_night 10 night_double_reported; then
    night_note "gate-sync (by its timer): gate-a reports the double admission"
    ok_gates=1
  fi

  # Stopped as `systemctl stop` would: the runs in flight finish.
  touch "$N/journal/stop"
  until_night 10 eval '! kill -0 "$SPAWNED_night_units" 2>/dev/null' || kill -TERM -- "-$SPAWNED_night_units" 2>/dev/null || true
  night_summary "$ok_failover" "$ok_page" "$ok_shed" "$ok_swap" "$ok_resume" "$ok_gates"
}

# night_summary OK...: the units' activations and the site's one history,
# then the act's rows of the go/no-go table.
night_summary() {
  night evt-runbook history --limit 1000 --json >"$T/out/night-history.jsonl" 2>"$T/logs/night-history.err" || true
  cat "$T/out/night-history.jsonl" >>"$RECORDS"
  local runs failed
  runs=$(jq -s 'map(select(.kind == "runbook")) | length' "$T/out/night-history.jsonl")
  failed=$(jq -s 'map(select(.kind == "runbook" and .outcome != "ok")) | length' "$T/out/night-history.jsonl")
  say "   activations (units.sh): $(awk '{ n[$2]++ } END { for (u in n) { printf "%s%s ×%d", sep, u, n[u]; sep = ", " } }' \
    "$N/journal/activations.log" | sed 's/\.service//g')"
  say "   the site's evt-runbook history: $runs runs, $failed not ok:"
  jq -r 'select(.kind == "runbook") | .runbook' "$T/out/night-history.jsonl" | sort | uniq -c |
    while read -r n name; do say "$(printf '     %-20s ×%s' "$name" "$n")"; done
  jq -r 'select(.kind == "runbook" and .outcome != "ok") | "     not ok: \(.runbook) \(.outcome) \(.error // "")"' \
    "$T/out/night-history.jsonl" | head -n 5 | while IFS= read -r line; do say "$line"; done
  # A unit that failed: budget-check's 1 (a budget over its threshold) and
  # a daemon's 143 (stopped at the night's end: evt-failover, evt-detect,
  # whose units say SuccessExitStatus=143) are what they should be;
  # anything else is not.
  local failed_units stopped_ok
  stopped_ok=$(grep -l '^SuccessExitStatus=143' "$N"/prefix/lib/systemd/system/*.service | xargs -n1 basename | tr '\n' ' ')
  failed_units=$(awk -v ok143=" $stopped_ok" '$3 != 0 && !($2 == "evt-budget-check.service" && $3 == 1) &&
    !($3 == 143 && index(ok143, " " $2 " ")) {
    n[$2 " exit " $3]++ } END { for (u in n) { printf "%s%s ×%d", sep, u, n[u]; sep = ", " } }' "$N/journal/activations.log")
  [[ -z $failed_units ]] || say "   units that failed: $failed_units (journal: $N/journal)"
  local want name missing=""
  for want in gate-sync redemption-sync shed-non-essential synthetic-buy notify-oncall; do
    jq -e -s --arg r "$want" 'any(.[]; .kind == "runbook" and .runbook == $r and .outcome == "ok")' \
      "$T/out/night-history.jsonl" >/dev/null || missing+=" $want"
  done
  local textfile=$N/var/lib/prometheus/node-exporter/evt-scrape.prom
  if grep -q '^nut_battery_charge' "$textfile" 2>/dev/null; then
    say "   the scrape timer's textfile for node_exporter: $(grep -c '^nut_' "$textfile") nut_ series"
  else
    missing+=" evt-scrape.prom"
  fi
  local elapsed
  elapsed=$(night_ms)
  say "   the night took $(night_at "$elapsed" | tr -d +)"
  name=night
  if [[ $1 -eq 1 ]]; then set_verdict "$name-failover" go; else set_verdict "$name-failover" "no-go: no switch to local"; fi
  if [[ $2 -eq 1 ]]; then set_verdict "$name-page" go; else set_verdict "$name-page" "no-go: no page at the webhook"; fi
  if [[ $3 -eq 1 && $5 -eq 1 ]]; then set_verdict "$name-shed" go; else set_verdict "$name-shed" "no-go: paused $3, resumed $5"; fi
  if [[ $4 -eq 1 ]]; then set_verdict "$name-hot-swap" go; else set_verdict "$name-hot-swap" "no-go: not level 0 throughout the swap"; fi
  if [[ $6 -eq 1 ]]; then set_verdict "$name-gate-sync" go; else set_verdict "$name-gate-sync" "no-go: no double admission reported"; fi
  if [[ -z $missing && $failed -eq 0 && -z $failed_units ]]; then
    set_verdict "$name-timers" go
  else
    set_verdict "$name-timers" "no-go: no ok run of${missing:- every job}; $failed not ok; failed units: ${failed_units:-none}"
  fi
}
