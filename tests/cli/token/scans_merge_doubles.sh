#!/usr/bin/env bash
# `scans merge` speaks of scans and revocations, says what it merged only
# under -v, and with --fail-on-double exits 1 when the merge reveals a
# double admission, as `evt-price redemptions over` does for an
# over-redemption; the merge is kept all the same.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer

gate() {  # gate NAME ARGS...: evt-token in gate NAME's state directory
  local name=$1
  shift
  "$bin" --state-dir "$TMP/gate-$name" "$@"
}
"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
t1=$("$bin" sign --claims '{"sub":"t1"}' --ttl 1h)
t2=$("$bin" sign --claims '{"sub":"t2"}' --ttl 1h)
jti2=$("$bin" decode --json "$t2" | jq -r .claims.jti)
# t1 admitted at both gates before any sync (the offline race); t2 at B.
for g in A B; do gate $g scan --gate $g --jwks "$TMP/jwks.json" "$t1" >/dev/null; done
gate B scan --gate B --jwks "$TMP/jwks.json" "$t2" >/dev/null
gate B revoke --gate B -- "$jti2" >/dev/null
gate B scans export >"$TMP/b.jsonl"

# The default level: the double admission on stdout, nothing on stderr.
cp -r "$TMP/gate-A" "$TMP/gate-A2"
run gate A scans merge "$TMP/b.jsonl"
expect_rc "merge" 0
expect_no_stderr "a merge that did its job"
[[ $(jq -s 'map(select(.kind == "double_admission")) | length' "$TMP/out") -eq 1 ]] || fail "merge: $(cat "$TMP/out")"

# -v: in the words of the gate: scans and revocations, not elements.
run gate A -v scans merge "$TMP/b.jsonl"
expect_rc "merge again, -v" 0
[[ $(cat "$TMP/err") == "evt-token: merged 0 new of 2 scans and 1 revocation (3 already here)" ]] ||
  fail "-v: $(cat "$TMP/err")"

# --fail-on-double: 1 for a merge that reveals one, with the merge kept.
run gate A2 scans merge --fail-on-double "$TMP/b.jsonl"
expect_rc "--fail-on-double, a double revealed" 1
[[ $(cat "$TMP/err") == "evt-token: revealed 1 double admission (--fail-on-double)" ]] || fail "--fail-on-double: $(cat "$TMP/err")"
[[ $(jq -s 'map(select(.kind == "double_admission")) | length' "$TMP/out") -eq 1 ]] ||
  fail "--fail-on-double: no record: $(cat "$TMP/out")"
run gate A2 scans report --json
[[ $(jq -s 'map(select(.kind == "double_admission")) | length' "$TMP/out") -eq 1 ]] ||
  fail "--fail-on-double did not keep the merge: $(cat "$TMP/out")"
# Nothing new revealed: 0, as `redemptions over` with none.
run gate A2 scans merge --fail-on-double "$TMP/b.jsonl"
expect_rc "--fail-on-double, nothing new" 0
expect_no_stderr "--fail-on-double, nothing new"
exit 0
