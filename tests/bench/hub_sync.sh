#!/usr/bin/env bash
# The PostgreSQL hub's sync throughput (doc/design.md §18), against a
# private PostgreSQL 15 cluster (tests/cli/hub/pg_cluster.bash):
#
# 1. Push: one gate holding N scan elements runs `evt-token scans sync`
#    once; elements/s pushed, beside `psql \copy` of the same rows into the
#    same table (under another site, so they are new rows, and through the
#    same index, constraint and NOTIFY trigger): the ratio is sync / copy.
# 2. Convergence: GATES gates of PER_GATE scans each (the issue's 40 x
#    10,000), every gate running `evt-token scans sync` at once, again
#    until no gate pulls anything new; the time until every gate holds every
#    gate's scans, checked at the first and the last gate and at the hub.
#
#   tests/bench/hub_sync.sh [N=100000] [BUILD_DIR=build] [GATES=40] [PER_GATE=10000]
#
# The elements are shaped by the real tool, as merge_scale.sh shapes them:
# a gate scans a signed ticket, `scans export` writes it, and each element
# is that record with a fresh id, jti and gate; a gate's elements enter its
# store through `scans merge` (the sync pushes every element its store
# holds, merged or scanned alike).
set -euo pipefail
n=${1:-100000}
n=${n:-100000}
build=${2:-build}
gates=${3:-40}
per_gate=${4:-10000}
bin=$build/bin/evt-token
[[ -x $bin ]] || { echo "hub_sync: $bin not found; build $build first" >&2; exit 66; }
for v in "$n" "$gates" "$per_gate"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "hub_sync: sizes must be positive integers, got '$v'" >&2; exit 2; }
done
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/evt-bench-hub.XXXXXX")
chmod 0755 "$work"
# shellcheck source=../cli/hub/pg_cluster.bash
source "$here/../cli/hub/pg_cluster.bash"
trap 'pg_cluster_stop; rm -rf "$work"' EXIT
PG_CLUSTER_NO_TRAP=1 pg_cluster_start
export XDG_CONFIG_HOME=$work/no-config PGPASSFILE=$PG_PASSFILE
site=bench

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The hub's schema, and the site's role.
"$bin" hub migrate --hub "$(pg_owner_conninfo)" >/dev/null
pg_site_role gates "bench-pw-$$"
"$bin" hub grant "$site" gates --hub "$(pg_owner_conninfo)" >/dev/null
# The convergence's gates are a site of their own, so they never pull the push's rows.
pg_site_role fleet "bench-fleet-pw-$$"
"$bin" hub grant "bench-fleet" fleet --hub "$(pg_owner_conninfo)" >/dev/null
printf '{"site": {"name": "%s", "hub": "%s"}}\n' "$site" "$(pg_conninfo gates)" >"$work/gate.json"
printf '{"site": {"name": "bench-fleet", "hub": "%s"}}\n' "$(pg_conninfo fleet)" >"$work/fleet.json"
tk() { "$bin" --config "$work/gate.json" --state-dir "$work/$1" "${@:2}"; }
fleet() { "$bin" --config "$work/fleet.json" --state-dir "$work/$1" "${@:2}"; }

# The template element: one real scan, exported.
"$bin" --state-dir "$work/issuer" keys new >/dev/null
"$bin" --state-dir "$work/issuer" jwks >"$work/jwks.json"
printf '{"sub":"seat-1","aud":"gate"}\n' | "$bin" --state-dir "$work/issuer" sign --ttl 2h >"$work/token"
"$bin" --state-dir "$work/template" scan --gate g0 --jwks "$work/jwks.json" --aud gate <"$work/token" >/dev/null
"$bin" --state-dir "$work/template" scans export >"$work/template.jsonl"
grep -q '"kind":"scan.event"' "$work/template.jsonl" || { echo "hub_sync: no scan.event in the template" >&2; exit 70; }

# generate COUNT GATE FILE: COUNT scan elements admitted at GATE, ids and jtis unique to it.
generate() {
  python3 - "$1" "$2" "$work/template.jsonl" >"$3" <<'PY'
import re, sys
n, gate = int(sys.argv[1]), sys.argv[2]
scan = next(l for l in open(sys.argv[3]).read().splitlines() if '"kind":"scan.event"' in l)
out = sys.stdout
for i in range(1, n + 1):
    l = re.sub(r'"id":"[^"]*"', '"id":"%s-%012x"' % (gate, i), scan, count=1)
    l = re.sub(r'"jti":"[^"]*"', '"jti":"%s-t%d"' % (gate, i), l, count=1)
    l = re.sub(r'"hlc_logical":[0-9]+', '"hlc_logical":%d' % i, l, count=1)
    l = re.sub(r'"seq":[0-9]+', '"seq":%d' % i, l, count=1)
    out.write(re.sub(r'"gate":"[^"]*"', '"gate":"%s"' % gate, l, count=1) + "\n")
PY
}
hub_count() { pg_psql "SELECT count(*) FROM evt_hub.elements WHERE site = '$1'"; }

uptime | sed 's/^/# /'
# --- 1. push throughput ---------------------------------------------------------
generate "$n" g1 "$work/push.jsonl"
tk push scans merge "$work/push.jsonl" >/dev/null 2>&1
t0=$(now_ms)
tk push scans sync >/dev/null 2>"$work/sync.err" || { echo "hub_sync: scans sync failed: $(cat "$work/sync.err")" >&2; exit 70; }
t1=$(now_ms)
pushed=$(hub_count "$site")
[[ $pushed -eq $n ]] || { echo "hub_sync: the hub holds $pushed elements after the sync, expected $n" >&2; exit 70; }
# The same rows, as the sync left them, copied in again under another site.
pg_psql "COPY (SELECT 'bench-copy', set_name, id, record, stamp_ms FROM evt_hub.elements WHERE site = '$site') TO STDOUT" \
  >"$work/rows.copy"
t2=$(now_ms)
psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U "$PG_SUPERUSER" -d "$PG_DB" \
  -c "\\copy evt_hub.elements (site, set_name, id, record, stamp_ms) FROM '$work/rows.copy'"
t3=$(now_ms)
copied=$(hub_count bench-copy)
[[ $copied -eq $n ]] || { echo "hub_sync: \\copy loaded $copied rows, expected $n" >&2; exit 70; }
awk -v n="$n" -v s=$((t1 - t0)) -v c=$((t3 - t2)) 'BEGIN {
  printf "%-28s %9d elements %8.2f s %10.0f elements/s\n", "scans sync (push)", n, s / 1000, n * 1000 / s
  printf "%-28s %9d rows     %8.2f s %10.0f rows/s\n", "psql \\copy (same rows)", n, c / 1000, n * 1000 / c
  printf "%-28s %9.2f (sync elements/s / \\copy rows/s)\n", "ratio", c / s }'

# --- 2. convergence of GATES x PER_GATE -------------------------------------------
for ((g = 1; g <= gates; g++)); do
  generate "$per_gate" "gate$g" "$work/gate$g.jsonl"
  fleet "gate$g" scans merge "$work/gate$g.jsonl" >/dev/null 2>&1
  rm -f "$work/gate$g.jsonl"
done
total=$((gates * per_gate))
declare -A added=()
for ((g = 1; g <= gates; g++)); do added[$g]=0; done
t0=$(now_ms)
rounds=0
while :; do
  rounds=$((rounds + 1))
  for ((g = 1; g <= gates; g++)); do
    fleet "gate$g" scans sync --json >"$work/round-$g.jsonl" 2>"$work/round-$g.err" &
  done
  failed=0
  for job in $(jobs -p); do wait "$job" || failed=1; done
  ((failed == 0)) || { echo "hub_sync: a gate's sync failed: $(cat "$work"/round-*.err | head -3)" >&2; exit 70; }
  # Converged when every gate has merged every other gate's elements, as
  # its scans.sync records count them.
  behind=0
  for ((g = 1; g <= gates; g++)); do
    n=$(grep -o '"added":[0-9]*' "$work/round-$g.jsonl" | awk -F: '{ s += $2 } END { print s + 0 }')
    added[$g]=$((added[$g] + n))
    ((added[$g] == total - per_gate)) || behind=$((behind + 1))
  done
  ((behind == 0)) && break
  ((rounds < 5)) || { echo "hub_sync: $behind gates behind after 5 rounds" >&2; exit 70; }
done
t1=$(now_ms)
# Cross-checked at the first and the last gate by what they export.
first=$(fleet gate1 scans export | grep -c '"kind":"scan.event"' || true)
last=$(fleet "gate$gates" scans export | grep -c '"kind":"scan.event"' || true)
((first == total && last == total)) || { echo "hub_sync: gates 1 and $gates hold $first and $last of $total" >&2; exit 70; }
at_hub=$(hub_count bench-fleet)
[[ $at_hub -eq $total ]] || { echo "hub_sync: the hub holds $at_hub of the fleet's $total elements" >&2; exit 70; }
awk -v g="$gates" -v p="$per_gate" -v s=$((t1 - t0)) -v r="$rounds" 'BEGIN {
  printf "%-28s %d gates x %d scans: %.2f s, %d round(s) of concurrent scans sync (%.0f elements/s merged across the gates)\n",
    "convergence", g, p, s / 1000, r, g * g * p * 1000 / s }'
echo "# push: one gate, one pass; \\copy: the superuser over the socket, same table, trigger and index;" \
  "convergence: all gates' syncs started together per round until every gate's scans.sync records counted every other gate's elements"
