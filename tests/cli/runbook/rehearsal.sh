#!/usr/bin/env bash
# The field rehearsal of `make demo`, headless, judged on the tools' records
# (not its screen): the primary's failure switched to local within 5 s of
# the primary's last answer; after gate-sync no ticket is admitted twice
# across the gates (the double admission made offline is reported, and the
# rescans are refused at both); the governor's decisions follow the battery
# (shed while it drains, restore once recharged) and the runbook acted on
# them; the peak's buyers ran through a switch to local. Every record
# follows its schema.
source "$(dirname "$0")/../lib.sh"
for need in nginx jq curl python3 sqlite3 /lib/nut/dummy-ups /lib/nut/upsd; do
  command -v "$need" >/dev/null || fail "$need is missing: scripts/install-deps.sh test"
done

records=$TMP/records.jsonl
REHEARSAL_RECORDS=$records TMPDIR=$TMP run bash "$EVT_SOURCE_DIR/scripts/rehearsal.sh" "$(dirname "$EVT_BIN_DIR")" --headless
expect_rc "rehearsal" 0
grep -q "records: $records" "$TMP/out" || fail "the records file is not named: $(cat "$TMP/out")"
[[ -s $records ]] || fail "no records"
if [[ -n ${EVT_SCHEMA:-} ]]; then
  "$EVT_SCHEMA" validate "$records" >"$TMP/validate.out" 2>&1 || fail "records do not validate: $(cat "$TMP/validate.out")"
fi
# Nothing of the rehearsal is left behind: its temp dir went with it.
[[ -z $(find "$TMP" -mindepth 1 -maxdepth 1 -name 'evt-rehearsal.*') ]] || fail "the rehearsal left its temp dir: $(ls "$TMP")"
# leftovers PATTERN: the processes still running with PATTERN in their
# environment or command line (every process the rehearsal starts has its
# EVT_CONFIG, under its temp dir, in its environment).
leftovers() {
  local f
  sleep 0.3
  for f in $(grep -l -F "$1" /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null || true); do
    tr '\0' ' ' <"${f%/*}/cmdline" 2>/dev/null && echo
  done
}
left=$(leftovers "$TMP/evt-rehearsal.")
[[ -z $left ]] || fail "processes left after the rehearsal: $left"

MS='def ms: (.[0:19] + "Z" | fromdate) * 1000 + (if .[19:20] == "." then (.[20:23] | tonumber) else 0 end);'

# 1. The switch: from the primary's last good answer (the probe taken just
# before the kill) to the watch's switch to local.
switch_ms=$(jq -s "$MS"'
  (map(select(.kind == "probe" and .ok and (.url | endswith("/ok")))) | last | .ts | ms) as $seen
  | map(select(.kind == "failover" and .event == "switch" and .previous == "primary" and .active == "local"
               and (.ts | ms) >= $seen)) | first | (.ts | ms) - $seen' "$records")
[[ $switch_ms =~ ^[0-9]+$ ]] || fail "no switch to local after the primary's last answer: $(jq -c 'select(.kind == "failover")' "$records")"
((switch_ms <= 5000)) || fail "the switch took $switch_ms ms (limit 5000)"

# 2. The gates. The ticket admitted at both gates before they synced...
double=$(jq -r 'select(.kind == "double_admission") | .jti' "$records" | sort -u)
[[ $(wc -l <<<"$double") -eq 1 && -n $double ]] || fail "expected one double admission reported: $double"
jq -se --arg jti "$double" '[.[] | select(.kind == "double_admission" and .jti == $jti)
  | ([.admitted_by.gate] + [.also[].gate] | sort)] | all(. == ["gate-a", "gate-b"])' "$records" >/dev/null ||
  fail "the double admission does not name both gates: $(jq -c 'select(.kind == "double_admission")' "$records")"
# ...and after the sync no ticket admitted anywhere was admitted again.
jq -se '(map(.kind == "runbook" and .runbook == "gate-sync") | index(true)) as $sync
  | $sync != null and (. as $all | [range($sync; length) | $all[.] | select(.kind == "scan" and .ok) | .jti] as $later
  | [$all[] | select(.kind == "scan" and .ok) | .jti] | group_by(.) | map(select(length > 1) | .[0])
  | map(select(. as $j | $later | index($j))) | length == 0)' "$records" >/dev/null ||
  fail "a ticket was admitted twice after gate-sync"
jq -se --arg jti "$double" '(map(.kind == "runbook" and .runbook == "gate-sync") | index(true)) as $sync
  | [.[$sync:][] | select(.kind == "scan" and .jti == $jti)] | (map(.gate) | sort) == ["gate-a", "gate-b"]
    and all(.ok == false and .result == "already_admitted")' "$records" >/dev/null ||
  fail "the rescans after the sync: $(jq -c --arg jti "$double" 'select(.kind == "scan" and .jti == $jti)' "$records")"
# The scans during the key rotation: none refused.
refused=$(jq -s '[.[] | select(.kind == "scan" and (.jti as $j | $j != null) and .ok == false and .result != "already_admitted")] | length' "$records")
[[ $refused == 0 ]] || fail "$refused scan(s) refused during the rotation"

# 3. The battery: each decision against the charge scraped just before it.
jq -s 'reduce .[] as $r ({charge: null, out: []};
  if $r.kind == "metric" and $r.name == "nut_battery_charge" then .charge = $r.value
  elif $r.kind == "decision" then .out += [{charge, action: $r.action, level: $r.level}] else . end) | .out[]' -c \
  "$records" >"$TMP/decisions.jsonl"
jq -se 'map(select(.charge >= 0.9) | .action) | all(. != "shed")' "$TMP/decisions.jsonl" >/dev/null ||
  fail "a shed on a full battery: $(cat "$TMP/decisions.jsonl")"
jq -se 'map(select(.charge < 0.5) | .action) | length > 0 and all(. == "shed")' "$TMP/decisions.jsonl" >/dev/null ||
  fail "no shed while the battery drained: $(cat "$TMP/decisions.jsonl")"
jq -se '(map(.action == "shed") | index(true)) as $shed | (map(.action == "restore") | index(true)) as $restore
  | $shed != null and $restore != null and $shed < $restore and last.level == 0' "$TMP/decisions.jsonl" >/dev/null ||
  fail "shed, then restored to level 0, expected: $(cat "$TMP/decisions.jsonl")"
# The runbook acted on them: paused the non-essential components, then resumed them.
jq -se 'map(select(.kind == "step" and .runbook == "shed-non-essential" and .outcome == "ok") | .step)
  | (index("pause analytics") // 1e9) < (index("resume analytics") // -1)' "$records" >/dev/null ||
  fail "shed-non-essential did not pause then resume analytics: $(jq -c 'select(.kind == "step" and .runbook == "shed-non-essential") | .step' "$records")"

# The night shift: the units' own runs are in the site's one history, the
# failover hook's page among them, and all of them ok.
jq -se 'map(select(.kind == "runbook" and .outcome == "ok") | .runbook) as $ok
  | all(("gate-sync", "redemption-sync", "shed-non-essential", "synthetic-buy", "notify-oncall"); . as $r | $ok | index($r))' \
  "$records" >/dev/null || fail "the night shift's history lacks a job: $(jq -c 'select(.kind == "runbook") | [.runbook, .outcome]' "$records")"
# The peak: one evt-load run of buyers through the checkout, marked
# synthetic, its every due buyer sent, and a switch to local while it ran.
jq -se "$MS"'(map(select(.kind == "load.summary" and .target == "checkout-peak" and .synthetic == "load"))) as $s
  | ($s | length) == 1 and $s[0].sent == $s[0].intended and $s[0].intended > 0
    and ((($s[0].ts | ms)) as $from | any(.[]; .kind == "failover" and .event == "switch" and .active == "local"
         and (.ts | ms) >= $from and (.ts | ms) <= $from + $s[0].duration_ms))' "$records" >/dev/null ||
  fail "the peak act's run: $(jq -c 'select(.kind == "load.summary")' "$records")"
grep -q '^rehearsal: go in ' "$TMP/out" || fail "not go: $(cat "$TMP/out" "$TMP/err")"

# 4. Interrupted (SIGINT, as a Ctrl-C) once the site is up: every process it
# started ends and its temp dir goes. (Python starts it with SIGINT at its
# default: a background job of this script would have it ignored.)
mkdir -p "$TMP/int"
TMPDIR=$TMP/int python3 - "$EVT_SOURCE_DIR/scripts/rehearsal.sh" "$(dirname "$EVT_BIN_DIR")" >"$TMP/int.rc" 2>"$TMP/int.err" <<'PY'
import glob, os, signal, subprocess, sys, time
out = open(os.path.join(os.environ["TMPDIR"], "..", "int.out"), "w")
p = subprocess.Popen(["bash", sys.argv[1], sys.argv[2], "--headless"], stdout=out, stderr=subprocess.STDOUT,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
deadline = time.time() + 60
while time.time() < deadline and p.poll() is None:
    if any(os.path.getsize(f) > 0 for f in glob.glob(os.path.join(os.environ["TMPDIR"], "evt-rehearsal.*", "watch.jsonl"))):
        break
    time.sleep(0.1)
time.sleep(1)
p.send_signal(signal.SIGINT)
print(p.wait(timeout=30))
PY
[[ $(cat "$TMP/int.rc") == 130 ]] || fail "interrupted: exit $(cat "$TMP/int.rc"), expected 130: $(cat "$TMP/int.err" "$TMP/int.out")"
[[ -z $(find "$TMP/int" -mindepth 1 -maxdepth 1 -name 'evt-rehearsal.*') ]] || fail "the interrupted rehearsal left its temp dir"
left=$(leftovers "$TMP/int/")
[[ -z $left ]] || fail "processes left after the interrupt: $left"
exit 0
