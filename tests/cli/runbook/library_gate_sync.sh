#!/usr/bin/env bash
# The shipped gate-sync runbook on the real evt-token: this gate and two
# others (reached through a transport script running evt-token on their
# state dirs) scan offline, one ticket at two gates before any sync; after
# one run every gate holds the same set, refuses the ticket everywhere and
# the revocation too; the double admission is reported and paged; an
# unreachable gate fails the run and is caught up next time.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/runbook_lib.bash"

TOKEN=$EVT_BIN_DIR/evt-token
mkdir -p "$TMP/issuer" "$TMP/gates/gate-b" "$TMP/gates/gate-c"
chmod 700 "$TMP/issuer" "$TMP/gates/gate-b" "$TMP/gates/gate-c"
cat >"$TMP/bin/to-gate" <<SH
#!/bin/sh
gate=\$1; shift
[ -d "$TMP/gates/\$gate" ] || { echo "no route to \$gate" >&2; exit 255; }
exec "$TOKEN" --state-dir "$TMP/gates/\$gate" "\$@"
SH
chmod +x "$TMP/bin/to-gate"
printf '#!/bin/sh\ncat >>"$PAGER_LOG"; echo >>"$PAGER_LOG"\n' >"$TMP/bin/pager"
chmod +x "$TMP/bin/pager"
export PAGER_LOG=$TMP/pager.log
: >"$PAGER_LOG"
cat >"$TMP/event.json" <<JSON
{"site": {"name": "test"},
 "runbook": {"allow_exec": ["$TMP/bin/to-gate"], "notify": {"command": ["$TMP/bin/pager"]}},
 "runbooks": {"gate-sync": {"gates": ["gate-b", "gate-c"], "transport": ["$TMP/bin/to-gate", "{gate}"]}}}
JSON
export EVT_CONFIG=$TMP/event.json

"$TOKEN" --state-dir "$TMP/issuer" keys new >/dev/null
"$TOKEN" --state-dir "$TMP/issuer" jwks >"$TMP/jwks.json"
sign() { "$TOKEN" --state-dir "$TMP/issuer" sign --claims "{\"sub\":\"$1\"}" --ttl 1h; }
t1=$(sign t1) t2=$(sign t2) t3=$(sign t3)
jti3=$("$TOKEN" decode --json "$t3" | jq -r .claims.jti)
scan() {  # scan WHERE TOKEN: WHERE is "here" (this gate) or a gate name
  if [[ $1 == here ]]; then
    "$TOKEN" scan --gate gate-a --jwks "$TMP/jwks.json" "$2"
  else
    "$TMP/bin/to-gate" "$1" scan --gate "$1" --jwks "$TMP/jwks.json" "$2"
  fi >/dev/null 2>&1
}
scan here "$t1" || fail "t1 here"
scan gate-b "$t1" || fail "t1 at gate-b before any sync (the offline race)"
scan gate-c "$t2" || fail "t2 at gate-c"
"$TMP/bin/to-gate" gate-c revoke --gate gate-c --reason refunded -- "$jti3" >/dev/null || fail "revoke at gate-c"
report() { "$@" scans report --json 2>/dev/null | jq -c 'del(.ts)' | sort; }

before=$(report "$TOKEN") before_c=$(report "$TMP/bin/to-gate" gate-c)
run "$RUNBOOK" run gate-sync --dry-run
expect_rc "dry run" 3
[[ $(report "$TOKEN") == "$before" && $(report "$TMP/bin/to-gate" gate-c) == "$before_c" ]] ||
  fail "the dry run merged into a gate"

run "$RUNBOOK" run gate-sync
expect_rc "sync" 0
validate "$TMP/out"
here=$(report "$TOKEN")
[[ $here == "$(report "$TMP/bin/to-gate" gate-b)" && $here == "$(report "$TMP/bin/to-gate" gate-c)" ]] ||
  fail "the gates differ after one sync: here $here; gate-b $(report "$TMP/bin/to-gate" gate-b)"
grep -q double_admission <<<"$here" || fail "the double admission is not in the report: $here"
grep -q "1 ticket(s) admitted at two gates before they synced" "$PAGER_LOG" || fail "not paged: $(cat "$PAGER_LOG")"
for where in here gate-b gate-c; do
  ! scan "$where" "$t2" || fail "t2 admitted again at $where after the sync"
  ! scan "$where" "$t3" || fail "the revoked t3 admitted at $where"
done

# A gate that cannot be reached fails the run; the others still sync.
jq '.runbooks."gate-sync".gates += ["gate-gone"]' "$TMP/event.json" >"$TMP/event2.json" && mv "$TMP/event2.json" "$TMP/event.json"
scan gate-b "$(sign t4)" || fail "t4 at gate-b"
run "$RUNBOOK" run gate-sync
expect_rc "one gate unreachable" 1
grep -q "could not reach gate-gone" "$TMP/err" || fail "unreachable: $(cat "$TMP/err")"
[[ $(report "$TOKEN") == "$(report "$TMP/bin/to-gate" gate-c)" ]] || fail "the reachable gates did not sync"
exit 0
