#!/usr/bin/env bash
# The installed systemd units as a security review sees them:
# `systemd-analyze security --offline=true` rates every service's exposure
# below 4.0 (each figure printed), `systemd-analyze verify` accepts them,
# only evt-failover keeps a capability (CAP_NET_ADMIN CAP_KILL) and it is
# Type=notify with WatchdogSec=10s, every unit
# pages through evt-page@ when it fails, the tmpfiles.d entry creates the
# state root as the units expect it, and the polkit rule lets evt start and
# stop exactly the units examples/event.json's shed config names.
# Usage: units_security.sh BUILD_DIR SOURCE_DIR
source "$(dirname "$0")/lib.sh"
build=$1 src=$2
command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed (Debian: systemd)"
command -v node >/dev/null || fail "node is not installed (Debian: nodejs)"

# The real prefix (no DESTDIR): verify checks that ExecStart= exists.
prefix=$TMP/prefix
cmake --install "$build" --prefix "$prefix" >"$TMP/install.log" 2>&1 || fail "cmake --install: $(tail -5 "$TMP/install.log")"
units=$prefix/lib/systemd/system
cd "$units"
services=(*.service)
((${#services[@]} >= 7)) || fail "expected at least 7 services, installed: ${services[*]}"

worst=0
for unit in "${services[@]}"; do
  SYSTEMD_LOG_LEVEL=err systemd-analyze security --offline=true "./$unit" >"$TMP/security" 2>&1 ||
    fail "systemd-analyze security $unit: $(tail -5 "$TMP/security")"
  exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' "$TMP/security")
  [[ -n $exposure ]] || fail "$unit: no exposure level in: $(tail -3 "$TMP/security")"
  echo "$unit exposure $exposure"
  awk -v e="$exposure" 'BEGIN { exit !(e < 4.0) }' ||
    fail "$unit: exposure $exposure is not below 4.0; the heaviest: $(grep '✗' "$TMP/security" | awk '{ print $NF "\t" $0 }' | sort -rn | head -8 | cut -f2-)"
done

# --man=no: the Documentation= pages are cli: install's to check (10 s of man).
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no ./*.service ./*.timer >"$TMP/verify" 2>&1 ||
  fail "systemd-analyze verify: $(cat "$TMP/verify")"
[[ ! -s $TMP/verify ]] || fail "systemd-analyze verify warned: $(cat "$TMP/verify")"

# setting UNIT KEY: the unit's KEY= values, one line each.
setting() { sed -n "s/^$2=//p" "$1"; }
for unit in "${services[@]}"; do
  caps=$(setting "$unit" CapabilityBoundingSet)
  ambient=$(setting "$unit" AmbientCapabilities)
  if [[ $unit == evt-failover.service ]]; then
    [[ $caps == "CAP_NET_ADMIN CAP_KILL" && $ambient == "CAP_NET_ADMIN CAP_KILL" ]] ||
      fail "$unit: capabilities \"$caps\", ambient \"$ambient\"; expected CAP_NET_ADMIN CAP_KILL for nft and reloading a proxy"
  else
    [[ -z $caps && -z $ambient ]] && grep -qx "CapabilityBoundingSet=" "$unit" ||
      fail "$unit: expected an empty CapabilityBoundingSet= and no ambient capabilities, got \"$caps\" \"$ambient\""
  fi
  for line in User=evt Group=evt ProtectSystem=strict ReadWritePaths=/var/lib/evt NoNewPrivileges=yes PrivateTmp=yes UMask=0077; do
    grep -qx "$line" "$unit" || fail "$unit: no $line"
  done
  if [[ $unit == evt-failover.service ]]; then
    for line in Type=notify NotifyAccess=main WatchdogSec=10s; do grep -qx "$line" "$unit" || fail "$unit: no $line"; done
  fi
  [[ $unit == evt-page@.service ]] && continue
  [[ $(setting "$unit" OnFailure) == "evt-page@%n.service" ]] || fail "$unit: OnFailure= is \"$(setting "$unit" OnFailure)\""
done
grep -q '^ExecStart=.*/evt-runbook run --yes notify-oncall ' evt-page@.service ||
  fail "evt-page@.service does not page through notify-oncall: $(setting evt-page@.service ExecStart)"

# The state root from tmpfiles.d, owned by the evt user sysusers.d creates.
sysroot=$TMP/sysroot
mkdir -p "$sysroot/etc"
systemd-sysusers --root="$sysroot" "$prefix/lib/sysusers.d/evt.conf" >"$TMP/sysusers.log" 2>&1 ||
  fail "systemd-sysusers: $(cat "$TMP/sysusers.log")"
systemd-tmpfiles --root="$sysroot" --create "$prefix/lib/tmpfiles.d/evt.conf" >"$TMP/tmpfiles.log" 2>&1 ||
  fail "systemd-tmpfiles: $(cat "$TMP/tmpfiles.log")"
evt_uid=$(awk -F: '$1 == "evt" { print $3 }' "$sysroot/etc/passwd")
stat=$(stat -c '%a %u' "$sysroot/var/lib/evt" 2>/dev/null) || fail "tmpfiles.d created no /var/lib/evt: $(cat "$TMP/tmpfiles.log")"
if [[ $(id -u) -eq 0 ]]; then
  [[ $stat == "2770 $evt_uid" ]] || fail "/var/lib/evt: mode and owner \"$stat\", expected 2770 and evt ($evt_uid)"
else
  [[ ${stat%% *} == 2770 ]] || fail "/var/lib/evt: mode ${stat%% *}, expected 2770"
fi

# The polkit rule, run as polkitd runs it (a rules file calling
# polkit.addRule), against the units the example shed config stops and starts.
rules=$prefix/share/polkit-1/rules.d/60-evt-shed.rules
[[ -s $rules ]] || fail "the polkit rule was not installed"
python3 - "$src/examples/event.json" >"$TMP/shed_units" <<'PY' || fail "examples/event.json: no shed units"
import json, sys
shed = json.load(open(sys.argv[1]))["runbooks"]["shed-non-essential"]
units = {argv[-1] for verb in ("pause", "resume") for argv in shed[verb].values() if argv[0] == "systemctl"}
if not units: sys.exit(1)
print("\n".join(u if "." in u else u + ".service" for u in sorted(units)))
PY
node - "$rules" "$TMP/shed_units" >"$TMP/polkit.log" 2>&1 <<'JS' || fail "polkit rule: $(cat "$TMP/polkit.log")"
const fs = require("fs"), vm = require("vm");
const [rulesFile, unitsFile] = process.argv.slice(2);
const Result = { YES: "yes", NO: "no", NOT_HANDLED: null };
const rules = [];
vm.runInNewContext(fs.readFileSync(rulesFile, "utf8"), { polkit: { Result, addRule: (f) => rules.push(f) } }, { filename: rulesFile });
if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}`);
const decide = (user, id, unit, verb) =>
  rules[0]({ id, lookup: (k) => ({ unit, verb })[k] }, { user }) ?? null;
const manage = "org.freedesktop.systemd1.manage-units";
const shed = fs.readFileSync(unitsFile, "utf8").trim().split("\n");
const expect = (want, user, id, unit, verb) => {
  const got = decide(user, id, unit, verb);
  if (got !== want) throw new Error(`${user} ${verb} ${unit} (${id}): got ${got}, expected ${want}`);
};
for (const unit of shed) {
  expect("yes", "evt", manage, unit, "start");
  expect("yes", "evt", manage, unit, "stop");
  expect(null, "evt", manage, unit, "restart");
  expect(null, "nobody", manage, unit, "stop");
  expect(null, "evt", "org.freedesktop.systemd1.manage-unit-files", unit, "stop");
}
for (const other of ["evt-failover.service", "ssh.service", "nginx.service"]) expect(null, "evt", manage, other, "stop");
console.log(`polkit rule: evt may start and stop ${shed.join(", ")}, nothing else`);
JS
cat "$TMP/polkit.log"
exit 0
