#!/usr/bin/env bash
# `evt-budget rules --polkit`: the shipped systemd/evt-shed.rules is its
# output for examples/event.json (so the two cannot drift apart), a config
# with other units and verbs gets a rule naming exactly those, and each
# rule is run in node as polkitd runs a rules file (a `polkit` object whose
# addRule receives the function) and asked about allowed and denied
# actions. What no rule can express is a config error naming the command.
source "$(dirname "$0")/../lib.sh"
BIN=${EVT_BIN_DIR:?set EVT_BIN_DIR}
src=${EVT_SOURCE_DIR:?set EVT_SOURCE_DIR}
command -v node >/dev/null || fail "node is not installed (scripts/install-deps.sh)"
unset EVT_CONFIG
budget=("$BIN/evt-budget")

run "${budget[@]}" rules --polkit --config "$src/examples/event.json"
expect_rc "rules --polkit on the example" 0
cmp -s "$TMP/out" "$src/systemd/evt-shed.rules" ||
  fail "systemd/evt-shed.rules is not the generator's output for examples/event.json:
$(diff "$src/systemd/evt-shed.rules" "$TMP/out")"

cat >"$TMP/other.json" <<'JSON'
{"site": {"name": "kiosk-2"},
 "runbooks": {"shed-non-essential": {
   "status": {"cam": ["systemctl", "is-active", "--quiet", "camera-feed"]},
   "pause": {"cam": ["systemctl", "--no-block", "stop", "camera-feed"], "sign": ["systemctl", "stop", "sign.socket"],
             "lights": ["/usr/local/bin/dim", "50"]},
   "resume": {"cam": ["/usr/bin/systemctl", "start", "camera-feed"], "sign": ["systemctl", "restart", "sign.socket"]}}}}
JSON
run "${budget[@]}" rules --polkit --config "$TMP/other.json"
expect_rc "rules --polkit on another site" 0
cp "$TMP/out" "$TMP/other.rules"

cat >"$TMP/polkit.js" <<'JS'
const fs = require("fs"), vm = require("vm");
const file = process.argv[2];
const Result = { YES: "yes", NO: "no", NOT_HANDLED: null };
const rules = [];
// Strict mode and no globals beside `polkit`: what ES5 in duktape offers.
vm.runInNewContext("'use strict';\n" + fs.readFileSync(file, "utf8"), { polkit: { Result, addRule: (f) => rules.push(f) } });
if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}`);
const manage = "org.freedesktop.systemd1.manage-units";
let checked = 0;
for (const line of fs.readFileSync(0, "utf8").trim().split("\n")) {
  const [ask, want] = line.split(" => ");
  const [user, unit, verb, id = manage] = ask.split(" ");
  const got = rules[0]({ id, lookup: (k) => ({ unit, verb })[k] }, { user }) ?? null;
  if (String(got) !== want) throw new Error(`${ask}: got ${got}, expected ${want}`);
  checked++;
}
console.log(`${file}: ${checked} decisions as expected`);
JS
node "$TMP/polkit.js" "$src/systemd/evt-shed.rules" >"$TMP/polkit.log" 2>&1 <<'ASK' || fail "$(cat "$TMP/polkit.log")"
evt analytics.service stop => yes
evt ar-overlay.service start => yes
evt analytics.service restart => null
nobody analytics.service stop => null
evt analytics.service stop org.freedesktop.systemd1.manage-unit-files => null
evt camera-feed.service stop => null
ASK
node "$TMP/polkit.js" "$TMP/other.rules" >"$TMP/polkit.log" 2>&1 <<'ASK' || fail "$(cat "$TMP/polkit.log")"
evt camera-feed.service stop => yes
evt camera-feed.service start => yes
evt camera-feed.service restart => null
evt sign.socket stop => yes
evt sign.socket restart => yes
evt sign.socket start => null
evt sign.service stop => null
evt analytics.service stop => null
evt ar-overlay.service start => null
evt constructor start => null
evt __proto__ stop => null
root camera-feed.service stop => null
ASK
grep -q '"kiosk-2"' "$TMP/other.rules" || fail "the rule does not name its site: $(head -12 "$TMP/other.rules")"

# What a rule cannot grant: the pointer to the command, exit 78.
sed 's/"restart", "sign.socket"/"enable", "sign.socket"/' "$TMP/other.json" >"$TMP/enable.json"
run "${budget[@]}" rules --polkit --config "$TMP/enable.json"
expect_rc "systemctl enable in resume" 78
grep -qF "$TMP/enable.json: /runbooks/shed-non-essential/resume/sign: systemctl enable: not a verb the rule grants" "$TMP/err" ||
  fail "the error does not name the command: $(cat "$TMP/err")"
printf '{"site": {"name": "x"}}\n' >"$TMP/none.json"
run "${budget[@]}" rules --polkit --config "$TMP/none.json"
expect_rc "no shed config" 78
grep -q "no shed config" "$TMP/err" || fail "$(cat "$TMP/err")"
run "${budget[@]}" rules --polkit --json --config "$TMP/other.json"
expect_rc "rules --polkit --json" 2
echo "polkit_rule: ok"
