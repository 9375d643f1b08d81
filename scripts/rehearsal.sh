#!/usr/bin/env bash
# The field rehearsal (`make demo`): a simulated micro-event on loopback, in
# a private temp dir, driven by the real tools and the shipped runbooks:
#   1 preflight (when this build has it) and the checkout flow
#   2 the primary uplink killed under `evt-failover watch`: the switch time,
#     then failover-to-local and its release
#   3 the signing key rotated while both gates keep scanning
#   4 one ticket admitted at both gates offline, then gate-sync
#   5 the battery drained and recharged: shed-non-essential follows it;
#     then its packs swapped hot, announced: nothing is shed
#   7 the night shift: the installed units alone, on their timers'
#     schedules compressed, through an uplink failure, a drained battery
#     and a hot swap, with a page at a webhook receiver
#   8 peak: a ramp of buyers (evt-load) through the checkout while the
#     primary uplink is cut: rate, latency, cleanups, slip, budget burn
#   9 outbox: two kiosks sell while the shop's uplink is down, replicate,
#     one dies; the other delivers every order to the shop exactly once
#   then the go/no-go summary, where the state and the audit trail are
# Usage: scripts/rehearsal.sh BUILD_DIR [--headless] [--keep] [--act NAME]
#   --headless  no pretty output: every tool's records (JSON Lines) go to
#               $REHEARSAL_RECORDS (else a file named at the end)
#   --keep      leave the temp dir (state, logs, audit trail) for inspection
#   --act NAME  run one act (the site is set up as for all of them): one of
#               preflight failover rotate gate-sync battery hot-swap night-shift peak outbox
# Exit 0 on go, 1 on no-go, 2 on bad usage or a missing prerequisite.
set -euo pipefail

ALL_ACTS=(preflight failover rotate gate-sync battery hot-swap night-shift peak outbox)
usage() { echo "usage: $0 BUILD_DIR [--headless] [--keep] [--act NAME]; acts: ${ALL_ACTS[*]}" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
BUILD=$1
shift
HEADLESS=0 KEEP=0 ONLY_ACT=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --headless) HEADLESS=1 ;;
    --keep) KEEP=1 ;;
    --act) [[ $# -ge 2 && -n $2 ]] || usage; ONLY_ACT=$2; shift ;;
    --act=?*) ONLY_ACT=${1#--act=} ;;
    *) usage ;;
  esac
  shift
done
if [[ -n $ONLY_ACT && " ${ALL_ACTS[*]} " != *" $ONLY_ACT "* ]]; then
  echo "rehearsal: --act $ONLY_ACT: no such act; acts: ${ALL_ACTS[*]}" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$BUILD/bin" 2>/dev/null && pwd) || { echo "rehearsal: no $BUILD/bin: build first (make build)" >&2; exit 2; }
LIB=$ROOT/scripts/rehearsal
STARTED_AT=$(date +%s%N)

die() { echo "rehearsal: $*" >&2; exit 2; }
for tool in failover probe price token scrape budget runbook load; do
  [[ -x $BIN/evt-$tool ]] || die "$BIN/evt-$tool is not built"
done
for need in nginx jq curl python3 sqlite3 /lib/nut/dummy-ups /lib/nut/upsd; do
  command -v "$need" >/dev/null || die "$need is missing: scripts/install-deps.sh test"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/evt-rehearsal.XXXXXX")
PIDS=()
BG=()
mkdir -p "$T/logs" "$T/state" "$T/flows" "$T/gates/gate-a" "$T/gates/gate-b"
chmod 700 "$T/state" "$T/gates/gate-a" "$T/gates/gate-b"
# shellcheck source=../tests/cli/debian_python.bash
source "$ROOT/tests/cli/debian_python.bash"
use_debian_python "$T"
if [[ -n ${REHEARSAL_RECORDS:-} ]]; then
  RECORDS=$REHEARSAL_RECORDS
elif [[ $HEADLESS -eq 1 ]]; then
  RECORDS=$(mktemp "${TMPDIR:-/tmp}/evt-rehearsal-records.XXXXXX.jsonl")
else
  RECORDS=$T/records.jsonl
fi
: >"$RECORDS"

# shellcheck source=rehearsal/services.bash
source "$LIB/services.bash"
# shellcheck source=rehearsal/site.bash
source "$LIB/site.bash"
# shellcheck source=rehearsal/acts.bash
source "$LIB/acts.bash"
# shellcheck source=rehearsal/peak.bash
source "$LIB/peak.bash"
# shellcheck source=rehearsal/night_shift.bash
source "$LIB/night_shift.bash"
# shellcheck source=rehearsal/outbox.bash
source "$LIB/outbox.bash"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid i
  # The scan loop stops between two tickets, leaving no evt-token behind.
  touch "$T/stop-scans"
  for pid in "${BG[@]}"; do
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  kill_groups
  wait 2>/dev/null || true
  if [[ $KEEP -eq 1 ]]; then
    echo "rehearsal: kept $T" >&2
  else
    rm -rf "$T"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "rehearsal: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# Every tool sees the rehearsal's config and state, and nothing of the host's.
export EVT_CONFIG=$T/event.json EVT_STATE_DIR=$T/state XDG_CONFIG_HOME=$T/no-config
export PATH="$BIN:$T/bin:$PATH" SHOP_API_KEY=sk-test-123 NO_COLOR=1
PORT_primary=$(free_port) PORT_local=$(free_port) PORT_cdn=$(free_port) PORT_origin=$(free_port)
PORT_checkout=$(free_port) PORT_nut=$(free_port) PORT_router=$(free_port)
PREFLIGHT_SKU=HOODIE
write_fake_commands
write_buy_flow "$T/flows/buy.json" "$PORT_checkout"
write_site_config "$EVT_CONFIG"

say "== the site: nginx primary :$PORT_primary, local :$PORT_local, CDN edge :$PORT_cdn, checkout :$PORT_checkout behind the router :$PORT_router, UPS :$PORT_nut"
start_uplink_nginx primary "$PORT_primary"
start_uplink_nginx local "$PORT_local"
start_cdn_nginx "$PORT_cdn" "$PORT_origin"
start_checkout_nginx "$PORT_checkout"
start_router_nginx "$PORT_router"
start_nut "$PORT_nut"
seed_keys
feed_budget
spawn watch sh -c "exec '$BIN/evt-failover' watch --json >'$T/watch.jsonl' 2>'$T/logs/watch.err'"
wait_active primary 10 || die "evt-failover watch did not settle on primary: $(cat "$T/logs/watch.err")"
say "   all up; evt-failover watch is running (records in $T/watch.jsonl)"

# act NAME FUNCTION: runs it unless --act chose another.
act() { [[ -z $ONLY_ACT || $ONLY_ACT == "$1" ]] && "$2"; return 0; }
act preflight act_preflight
act failover act_failover
act rotate act_rotate
act gate-sync act_gate_sync
act battery act_battery
act hot-swap act_hot_swap
act night-shift act_night_shift
act peak act_peak
act outbox act_outbox
act_summary
