#!/usr/bin/env bash
# Idle cost on a battery: the site's always-on daemons, as the night shift's
# units start them (systemd/evt-failover.service, evt-detect.service), on a
# reduced copy of examples/event.json (its probe intervals, fast interval,
# damping and paths; its targets pointed at a loopback nginx that answers,
# so every path is healthy), idle for SECONDS. For each daemon: CPU seconds
# (utime+stime of /proc/PID/stat) and wake-ups per second (voluntary plus
# involuntary context switches of every thread alive at both samples,
# /proc/PID/task/*/status; no thread comes and goes while all is healthy),
# then the total against the goal (doc/design.md §11: under 1 % of one core,
# under 20 wake-ups per second) and, with REFERENCE_BUILD, against that build run
# at the same time on its own copy of the site (same run, same load).
# Repeated RUNS times; the median run per daemon is printed.
#
# Not here: the timers' oneshots (evt-scrape, budget check, the runbooks)
# start once a minute and end; their cost is start-up, which the runbook and
# price benches measure. The outbox and `evt-runbook serve` daemons do not
# exist yet.
#
#   tests/bench/idle_cost.sh [REFERENCE_BUILD] [BUILD_DIR=build] [SECONDS=60] [RUNS=3]
set -euo pipefail
reference=${1:-}
build=${2:-build}
seconds=${3:-60}
runs=${4:-3}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "idle_cost: SECONDS must be a positive integer" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "idle_cost: RUNS must be a positive integer" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
builds=("$build")
[[ -n $reference ]] && builds=("$reference" "$build")
for b in "${builds[@]}"; do
  for tool in failover probe detect; do
    [[ -x $b/bin/evt-$tool ]] || { echo "idle_cost: $b/bin/evt-$tool not found; build $b first" >&2; exit 66; }
  done
done
for tool in nginx jq python3 curl; do
  command -v "$tool" >/dev/null || { echo "idle_cost: $tool not found (scripts/install-deps.sh bench)" >&2; exit 69; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/evt-idle-bench.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 0.3
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# spawn LOG CMD...: in its own session, so cleanup ends its whole group.
spawn() {
  local log=$1
  shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  pids+=("$!")
  disown "$!"
}

port=$(free_port)
mkdir -p "$tmp/nginx/tmp"
cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
$([[ $(id -u) -eq 0 ]] && echo "user $(id -un) $(id -gn);")
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/tmp/body;
  proxy_temp_path $tmp/nginx/tmp/proxy;
  fastcgi_temp_path $tmp/nginx/tmp/fastcgi;
  uwsgi_temp_path $tmp/nginx/tmp/uwsgi;
  scgi_temp_path $tmp/nginx/tmp/scgi;
  server { listen 127.0.0.1:$port; location / { default_type text/plain; return 200 'ok\n'; } }
}
CONF
spawn "$tmp/nginx.log" nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
for ((i = 0; i < 100; i++)); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done

# site_config DIR: examples/event.json's probe and failover sections on
# loopback. The slice's interface is dropped (no wwan0 here); the checks
# watch does not run (flow, cdn, dns) are dropped; so are the hooks, which
# only run on a switch, and no switch happens while all is healthy. The
# models' min_change goes too: a reference build from before it refuses
# the key, and a floor on scores costs nothing while idle.
site_config() {
  mkdir -p "$1/state"
  chmod 700 "$1/state"
  jq --arg url "http://127.0.0.1:$port/healthz" --arg addr "127.0.0.1:$port" --arg state "$1/state" '
    .site.state_dir = $state | del(.site.starts_at, .site.ends_at)
    | .probe = { targets: (.probe.targets | with_entries(select(.value.check == "http" or .value.check == "tcp"))
                 | map_values(del(.interface) | if .check == "http" then .url = $url else .address = $addr end)) }
    | .failover.paths |= map(del(.on_activate, .on_down))
    | .detect.models |= map_values(del(.min_change))
    | { site, probe, failover, detect }' "$root/examples/event.json" >"$1/event.json"
}

# start_site BUILD DIR: the two units' ExecStart= lines, in the units'
# environment (EVT_CONFIG, nothing of the caller's).
start_site() {
  local bin=$1/bin dir=$2
  site_config "$dir"
  local -a env=(env -i "PATH=/usr/bin:/bin" LANG=C.UTF-8 "EVT_CONFIG=$dir/event.json")
  spawn "$dir/failover.log" "${env[@]}" "$bin/evt-failover" watch
  echo "$!" >"$dir/failover.pid"
  spawn "$dir/detect.log" "${env[@]}" /bin/sh -c "'$bin/evt-probe' run --watch --json | '$bin/evt-detect' run --watch --json --textfile '$dir/evt-detect.prom' >/dev/null"
  echo "$!" >"$dir/detect-sh.pid"
}

# pid_of DIR NAME: the daemon's pid (the probe and detect ones are the sh's children).
pid_of() {
  case $2 in
    failover) cat "$1/failover.pid" ;;
    *) pgrep -P "$(cat "$1/detect-sh.pid")" -f "evt-$2 run" ;;
  esac
}

# sample PID: "cpu_ticks switches" now, over every thread.
sample() {
  local pid=$1 ticks switches
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null) || { echo "gone"; return; }
  switches=$(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }')
  echo "$ticks $switches"
}

hz=$(getconf CLK_TCK)
daemons=(failover probe detect)
# results/RUN/BUILD_INDEX/DAEMON: "cpu_seconds wakeups_per_second"
mkdir -p "$tmp/results"
for ((run = 1; run <= runs; run++)); do
  for i in "${!builds[@]}"; do start_site "${builds[$i]}" "$tmp/site-$run-$i"; done
  sleep 5  # start-up, the first decision and the first records are not idle
  declare -A before=()
  for i in "${!builds[@]}"; do
    for d in "${daemons[@]}"; do
      pid=$(pid_of "$tmp/site-$run-$i" "$d") || { echo "idle_cost: evt-$d did not start: $(cat "$tmp/site-$run-$i"/*.log)" >&2; exit 1; }
      before[$i/$d]="$pid $(sample "$pid")"
    done
  done
  sleep "$seconds"
  for i in "${!builds[@]}"; do
    mkdir -p "$tmp/results/$run/$i"
    for d in "${daemons[@]}"; do
      read -r pid t0 s0 <<<"${before[$i/$d]}"
      read -r t1 s1 <<<"$(sample "$pid")"
      [[ $t1 != gone ]] || { echo "idle_cost: evt-$d exited while idle: $(cat "$tmp/site-$run-$i"/*.log)" >&2; exit 1; }
      awk -v t="$((t1 - t0))" -v s="$((s1 - s0))" -v hz="$hz" -v secs="$seconds" \
        'BEGIN { printf "%.3f %.2f\n", t / hz, s / secs }' >"$tmp/results/$run/$i/$d"
    done
  done
  for pid in "${pids[@]:1}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 0.5
  pids=("${pids[0]}")
done

# median FILES...: the median of each column over the runs.
median() {
  cat "$@" | python3 -c '
import statistics, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print(" ".join("%.3f" % statistics.median(c) for c in zip(*rows)))'
}

echo "idle cost: ${seconds} s idle, all paths healthy, median of $runs run(s); $(uptime | sed 's/.*load/load/')"
echo "each daemon: CPU seconds in the window, % of one core, wake-ups per second"
header() { printf '%-10s' daemon; for b in "$@"; do printf ' | %-32s' "$b"; done; echo; }
if [[ ${#builds[@]} -eq 2 ]]; then header "before: $reference" "after: $build" ratio; else header "$build"; fi
declare -A total_cpu=() total_wake=()
for d in "${daemons[@]}"; do
  printf '%-10s' "$d"
  line=()
  for i in "${!builds[@]}"; do
    read -r cpu wake <<<"$(median "$tmp"/results/*/"$i/$d")"
    pct=$(awk -v c="$cpu" -v s="$seconds" 'BEGIN { printf "%.2f", 100 * c / s }')
    printf ' | %8.3f s %6s %% %8.2f /s  ' "$cpu" "$pct" "$wake"
    total_cpu[$i]=$(awk -v a="${total_cpu[$i]:-0}" -v b="$cpu" 'BEGIN { print a + b }')
    total_wake[$i]=$(awk -v a="${total_wake[$i]:-0}" -v b="$wake" 'BEGIN { print a + b }')
    line+=("$cpu" "$wake")
  done
  [[ ${#builds[@]} -eq 2 ]] && awk -v c0="${line[0]}" -v w0="${line[1]}" -v c1="${line[2]}" -v w1="${line[3]}" \
    'function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" } BEGIN { printf " | cpu %s, wake-ups %s", r(c1, c0), r(w1, w0) }'
  echo
done
printf '%-10s' total
for i in "${!builds[@]}"; do
  pct=$(awk -v c="${total_cpu[$i]}" -v s="$seconds" 'BEGIN { printf "%.2f", 100 * c / s }')
  printf ' | %8.3f s %6s %% %8.2f /s  ' "${total_cpu[$i]}" "$pct" "${total_wake[$i]}"
done
[[ ${#builds[@]} -eq 2 ]] && awk -v c0="${total_cpu[0]}" -v w0="${total_wake[0]}" -v c1="${total_cpu[1]}" -v w1="${total_wake[1]}" \
  'function r(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" } BEGIN { printf " | cpu %s, wake-ups %s", r(c1, c0), r(w1, w0) }'
echo
last=$((${#builds[@]} - 1))
awk -v c="${total_cpu[$last]}" -v w="${total_wake[$last]}" -v s="$seconds" 'BEGIN {
  printf "goal (doc/design.md §11): under 1 %% of one core and 20 wake-ups/s together: %.2f %% (%.2fx the goal), %.2f /s (%.2fx the goal)\n",
    100 * c / s, 100 * c / s, w, w / 20 }'
