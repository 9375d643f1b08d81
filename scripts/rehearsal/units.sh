#!/usr/bin/env bash
# The rehearsal's service manager: runs the installed systemd units of evt
# as systemd would, on machines where systemd is not PID 1 (tests, CI).
# Only what the units say is run: each timer's service's ExecStart= lines,
# first after OnBootSec= and then every OnUnitActiveSec=, both divided by
# FACTOR; each long-running service (one without a timer, such as
# evt-failover.service) started at once and restarted after RestartSec=
# when it exits, as Restart=always does. A unit gets systemd's clean
# environment: its Environment= and EnvironmentFile= lines, PATH with the
# installed bin folder first (as /usr/local/bin is on a host), nothing of
# the caller's. Host paths the units name (/etc/, /var/lib/) are mapped
# under ROOT, the rehearsal's stand-in for /. User=/Group= and the sandbox
# (ProtectSystem=, capabilities, ...) are not applied: the rehearsal runs as
# whoever runs it; OnFailure= units are not started.
#
# Usage: units.sh UNIT_DIR BIN_DIR ROOT FACTOR JOURNAL_DIR
#   Runs until JOURNAL_DIR/stop exists (as `systemctl stop` of the timers and
#   services: a oneshot in flight finishes, a long-running service gets
#   SIGTERM) or SIGTERM (everything at once). Each unit's output is appended
#   to JOURNAL_DIR/UNIT.log and each activation to JOURNAL_DIR/activations.log
#   ("ms UNIT exit").
set -uo pipefail

[[ $# -eq 5 ]] || { echo "usage: $0 UNIT_DIR BIN_DIR ROOT FACTOR JOURNAL_DIR" >&2; exit 2; }
UNIT_DIR=$1 BIN_DIR=$2 ROOT=$3 FACTOR=$4 JOURNAL=$5
mkdir -p "$JOURNAL"

now_ms() { date +%s%3N; }

# The unit's text with host paths mapped under ROOT.
unit_text() {
  sed -e "s#/etc/#$ROOT/etc/#g" -e "s#/var/lib/#$ROOT/var/lib/#g" "$UNIT_DIR/$1"
}

# unit_setting UNIT KEY: the values of KEY= in the unit, one per line.
unit_setting() {
  unit_text "$1" | sed -n "s/^$2=//p"
}

# A systemd time span ("1min", "30s", "1s") in milliseconds, divided by FACTOR.
span_ms() {
  local span=$1 total=0 n unit
  while [[ $span =~ ^([0-9]+)(ms|s|sec|min|m|h)?(.*)$ ]]; do
    n=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]:-s} span=${BASH_REMATCH[3]}
    case $unit in
      ms) total=$((total + n)) ;;
      s | sec) total=$((total + n * 1000)) ;;
      min | m) total=$((total + n * 60000)) ;;
      h) total=$((total + n * 3600000)) ;;
    esac
  done
  echo $((total / FACTOR))
}

# run_unit UNIT: its ExecStart= lines in order (a oneshot may have several),
# each in the unit's own environment; stops at the first that fails.
run_unit() {
  local unit=$1 line file rc=0
  local -a env_args=("PATH=$BIN_DIR:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "LANG=C.UTF-8")
  while IFS= read -r line; do
    [[ -n $line ]] && env_args+=("$line")
  done < <(unit_setting "$unit" Environment)
  while IFS= read -r file; do
    [[ -z $file ]] && continue
    [[ $file == -* ]] && { file=${file#-}; [[ -r $file ]] || continue; }
    while IFS= read -r line; do
      [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && env_args+=("$line")
    done <"$file"
  done < <(unit_setting "$unit" EnvironmentFile)
  while IFS= read -r line; do
    [[ -z $line ]] && continue
    # systemd splits ExecStart= into words with shell-like quoting; the
    # units' lines use plain words and single quotes only, which eval reads
    # the same way.
    local -a argv=()
    eval "argv=($line)"
    env -i "${env_args[@]}" "${argv[@]}" </dev/null >>"$JOURNAL/$unit.log" 2>&1
    rc=$?
    echo "$(now_ms) $unit $rc" >>"$JOURNAL/activations.log"
    [[ $rc -eq 0 ]] || break
  done < <(unit_setting "$unit" ExecStart)
  return "$rc"
}

timer_loop() {  # TIMER
  local timer=$1 service boot period started left
  service=$(unit_setting "$timer" Unit)
  service=${service:-${timer%.timer}.service}
  boot=$(span_ms "$(unit_setting "$timer" OnBootSec)")
  period=$(span_ms "$(unit_setting "$timer" OnUnitActiveSec)")
  ((period > 0)) || { echo "units: $timer has no OnUnitActiveSec=" >&2; return; }
  sleep "$(awk -v ms="$boot" 'BEGIN { printf "%.3f", ms / 1000 }')"
  while [[ ! -e $JOURNAL/stop ]]; do
    started=$(now_ms)
    run_unit "$service"
    left=$((started + period - $(now_ms)))
    ((left > 0)) && sleep "$(awk -v ms="$left" 'BEGIN { printf "%.3f", ms / 1000 }')"
  done
}

service_loop() {  # SERVICE
  local restart
  restart=$(span_ms "$(unit_setting "$1" RestartSec)")
  while [[ ! -e $JOURNAL/stop ]]; do
    run_unit "$1" &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      if [[ -e $JOURNAL/stop ]]; then
        pkill -TERM -P "$pid" 2>/dev/null
        wait "$pid"
        return
      fi
      sleep 0.1
    done
    wait "$pid"
    [[ $(unit_setting "$1" Restart) == always ]] || return
    sleep "$(awk -v ms="${restart:-100}" 'BEGIN { printf "%.3f", ms / 1000 }')"
  done
}

trap 'kill -TERM 0 2>/dev/null; exit 0' TERM INT
for timer in "$UNIT_DIR"/*.timer; do
  timer_loop "$(basename "$timer")" &
done
for service in "$UNIT_DIR"/*.service; do
  [[ -e ${service%.service}.timer ]] && continue
  # A template (evt-page@.service) runs only as OnFailure= names it.
  [[ $service == *@.service ]] && continue
  service_loop "$(basename "$service")" &
done
wait
