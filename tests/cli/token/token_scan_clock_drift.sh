#!/usr/bin/env bash
# One merged element stamped far in the future (hlc_wall = 2^53) must not
# poison a gate's scan clock: it is merged quarantined (its admission still
# counts, the clock does not move), reported and listable; the gate's next
# scans are stamped near now, its exports stay mergeable by every gate, a
# ticket it admitted is refused elsewhere, and a malformed element in the
# same file is skipped (with --on-error skip) while the good ones merge.
# A clock already dragged ahead (by an evt without quarantine) is brought
# back by `scans clock rebase --yes`.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
max=9007199254740992  # 2^53: the largest hlc part an importer takes

gate() {  # gate NAME ARGS...: evt-token in gate NAME's state directory
  local name=$1
  shift
  "$bin" --state-dir "$TMP/gate-$name" "$@"
}
validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
now_ms() { echo $(($(date +%s) * 1000)); }
# near_now WHAT WALL: the wall is within an hour of now (the machine may be slow, never that slow).
near_now() { (($2 > $(now_ms) - 3600000 && $2 < $(now_ms) + 3600000)) || fail "$1: hlc_wall $2 is not near now"; }

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
declare -A tok jti
for t in t1 t2 t3; do
  tok[$t]=$("$bin" sign --claims "{\"sub\":\"$t\"}" --ttl 1h)
  jti[$t]=$("$bin" decode --json "${tok[$t]}" | jq -r .claims.jti)
done

run gate A scan --gate A --jwks "$TMP/jwks.json" "${tok[t1]}"
expect_rc "t1 at A" 0
gate A scans export >"$TMP/a.jsonl"
# The poisoned element (a scan of t2 at a rogue gate whose clock is at the
# end of time), A's good one, and one no importer takes (logical > 2^53).
poison=$(jq -cn --arg jti "${jti[t2]}" --argjson max "$max" \
  '{kind:"scan.event",v:1,ts:"2026-12-05T09:00:00.000Z",id:"00000000deadbeef",jti:$jti,gate:"rogue",
    type:"entry",hlc_wall:$max,hlc_logical:$max,at:"9999-12-31T23:59:59.999Z"}')
# (Edited as text: jq would round 2^53 + 1 back to 2^53.)
bad=$(sed -e 's/"00000000deadbeef"/"00000000badbad00"/' -e "s/\"hlc_logical\":$max/\"hlc_logical\":$((max + 1))/" <<<"$poison")
[[ $bad == *"\"hlc_logical\":$((max + 1))"* ]] || fail "could not make the bad element: $bad"
{ echo "$poison"; echo "$bad"; cat "$TMP/a.jsonl"; } >"$TMP/mixed.jsonl"

# Without --on-error skip the bad element stops the merge, naming line and field.
run gate B scans merge "$TMP/mixed.jsonl"
expect_rc "merge with a malformed element" 65
grep -q 'mixed.jsonl:2: "hlc_logical": expected an integer from 0 to' "$TMP/err" || fail "bad element: $(cat "$TMP/err")"
run gate B -v --on-error skip scans merge "$TMP/mixed.jsonl"
expect_rc "merge the good ones" 0
grep -q 'merged 2 new of 2 scans' "$TMP/err" || fail "merge summary: $(cat "$TMP/err")"
grep -q '1 scan or revocation is more than 600 s ahead' "$TMP/err" || fail "quarantine not reported: $(cat "$TMP/err")"
grep -qi 'skipped 1' "$TMP/err" || fail "skipped element not reported: $(cat "$TMP/err")"

run gate B scans quarantine
expect_rc "list the quarantine" 0
validate "$TMP/out" "scans quarantine"
[[ $(jq -r .id "$TMP/out") == 00000000deadbeef ]] || fail "quarantine list: $(cat "$TMP/out")"

# B's clock was not dragged: its next admission is stamped now.
run gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t3]}"
expect_rc "t3 at B" 0
near_now "t3 at B" "$(jq -r .hlc_wall "$TMP/out")"
# The poisoned admission still counts at B.
run gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t2]}"
expect_rc "t2 at B" 1
[[ $(jq -r .result "$TMP/out") == already_admitted ]] || fail "t2 at B: $(cat "$TMP/out")"

# Every other gate takes B's export, and refuses what B admitted.
gate B scans export >"$TMP/b.jsonl"
validate "$TMP/b.jsonl" "B's export"
run gate A scans merge "$TMP/b.jsonl"
expect_rc "A merges B" 0
run gate A scan --gate A --jwks "$TMP/jwks.json" "${tok[t3]}"
expect_rc "t3 at A after the merge" 1
[[ $(jq -r .result "$TMP/out") == already_admitted && $(jq -r .first.gate "$TMP/out") == B ]] ||
  fail "t3 at A: $(cat "$TMP/out")"
run gate A scan --gate A --jwks "$TMP/jwks.json" "${tok[t2]}"
expect_rc "t2 at A after the merge" 1

# A clock an older evt let a merge drag to the end of time (set here
# directly in the state, as that evt left it): scans would stamp year 9999.
sqlite3 "$TMP/gate-B/token.db" "UPDATE hlc SET wall = $max, logical = $((max - 1)) WHERE id = 1"
run gate B scans clock rebase
expect_rc "rebase without --yes" 2
run gate B scans clock rebase --dry-run
expect_rc "rebase --dry-run" 3
grep -q 'would set the scan clock from 9999-12-31T23:59:59.999Z' "$TMP/err" || fail "dry run: $(cat "$TMP/err")"
run gate B scans clock rebase --yes
expect_rc "rebase --yes" 0
run gate B scan --gate B --jwks "$TMP/jwks.json" "${tok[t1]}" "$("$bin" sign --claims '{"sub":"t4"}' --ttl 1h)"
expect_rc "t1 (admitted at A) and t4 at B after the rebase" 1
near_now "t4 at B after the rebase" "$(jq -r 'select(.result == "admitted") | .hlc_wall' "$TMP/out")"
