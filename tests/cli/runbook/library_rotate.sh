#!/usr/bin/env bash
# The shipped rotate-signing-key runbook with two gates reached through a
# transport (here a script running evt-token on each gate's state dir): the
# new key reaches both gates before it signs, tickets signed before and
# after verify at the gates, the old key stays for grace; a gate that never
# confirms stops the rotation before the switch; a dry run changes nothing.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

TOKEN=$EVT_BIN_DIR/evt-token
mkdir -p "$TMP/gates/gate-a" "$TMP/gates/gate-b"
chmod 700 "$TMP/gates/gate-a" "$TMP/gates/gate-b"
cat >"$TMP/bin/to-gate" <<SH
#!/bin/sh
gate=\$1; shift
[ -d "$TMP/gates/\$gate" ] || { echo "no route to \$gate" >&2; exit 255; }
EVT_STATE_DIR="$TMP/gates/\$gate" exec "$TOKEN" "\$@"
SH
chmod +x "$TMP/bin/to-gate"
printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/pager"
export PAGER_LOG=$TMP/pager.log
: >"$PAGER_LOG"
write_config() {
  cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "token": {"issuer": "shop", "audience": "gate", "ttl": "10m"},
 "runbook": {"allow_exec": ["$TMP/bin/to-gate"], "notify": {"command": ["$TMP/bin/pager"]}},
 "runbooks": {"gate-sync": {"gates": $1, "transport": ["$TMP/bin/to-gate", "{gate}"]}}}
JSON
}
write_config '["gate-a", "gate-b"]'
export EVT_CONFIG=$TMP/event.json
"$TOKEN" keys new --json >"$TMP/first.json" 2>"$TMP/keys.err" || fail "keys new: $(cat "$TMP/keys.err")"
old=$(jq -r .kid "$TMP/first.json")
for gate in gate-a gate-b; do
  "$TOKEN" keys export | EVT_STATE_DIR=$TMP/gates/$gate "$TOKEN" keys import - >/dev/null 2>&1 || fail "seeding $gate"
done
"$TOKEN" sign --claims '{"sub":"ticket-1"}' >"$TMP/before.jwt" || fail "sign before"
rings() {
  "$TOKEN" keys list --json | jq -c '[.kid, .state]'
  for gate in gate-a gate-b; do EVT_STATE_DIR=$TMP/gates/$gate "$TOKEN" keys list --json | jq -c '[.kid, .state]'; done
}
before=$(rings)

run "$RUNBOOK" run rotate-signing-key --dry-run
expect_rc "dry run" 3
[[ $(rings) == "$before" ]] || fail "the dry run changed a key ring: $(rings)"

run "$RUNBOOK" run rotate-signing-key --var grace=1h
expect_rc "rotate" 0
validate "$TMP/out"
new=$("$TOKEN" keys list --json | jq -r 'select(.state == "active") | .kid')
[[ -n $new && $new != "$old" ]] || fail "no new active key: $(rings)"
[[ $("$TOKEN" keys list --json | jq -r --arg k "$old" 'select(.kid == $k) | .state') == grace ]] ||
  fail "the old key is not kept for grace: $(rings)"
"$TOKEN" sign --claims '{"sub":"ticket-2"}' >"$TMP/after.jwt" || fail "sign after"
for gate in gate-a gate-b; do
  for t in before after; do
    EVT_STATE_DIR=$TMP/gates/$gate "$TOKEN" verify --aud gate <"$TMP/$t.jwt" >/dev/null 2>"$TMP/verify.err" ||
      fail "$gate refuses the ticket signed $t the rotation: $(cat "$TMP/verify.err")"
  done
done
grep -q "signing key rotated to $new after 2 gate(s) confirmed it" "$PAGER_LOG" || fail "notify: $(cat "$PAGER_LOG")"

# A gate that cannot be reached never confirms: the new key does not sign.
write_config '["gate-a", "gate-gone"]'
run "$RUNBOOK" run rotate-signing-key --var confirm_tries=1
expect_rc "unreachable gate" 1
[[ $("$TOKEN" keys list --json | jq -r 'select(.state == "active") | .kid') == "$new" ]] ||
  fail "the rotation switched although a gate never confirmed: $(rings)"
grep -q "rotation stopped before switching" "$PAGER_LOG" || fail "no critical notify: $(cat "$PAGER_LOG")"
exit 0
