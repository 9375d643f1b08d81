#!/usr/bin/env bash
# Three gates with their own state, tickets from one issuer, verify-only
# (a JWKS, no private key at the gates): the offline race (admitted at A,
# refused at A, admitted at B before any sync), a revocation at C, then
# syncs in a random order, exports piped into merges. Every gate must end
# with the same admitted-by, the same double_admission records and the
# same revocations, and refuse the revoked ticket.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer

validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
gate() {  # gate NAME ARGS...: evt-token in gate NAME's state directory
  local name=$1
  shift
  "$bin" --state-dir "$TMP/gate-$name" "$@"
}
scan_at() {  # scan_at GATE TOKEN: sets RC, leaves the record in $TMP/out
  run gate "$1" scan --gate "$1" --jwks "$TMP/jwks.json" "$2"
  validate "$TMP/out" "scan at $1"
}
field() { jq -r "$1" "$TMP/out"; }

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
declare -A tok jti
for t in t1 t2 t3 t4 t5 t6; do
  tok[$t]=$("$bin" sign --claims "{\"sub\":\"$t\"}" --ttl 1h)
  jti[$t]=$("$bin" decode --json "${tok[$t]}" | jq -r .claims.jti)
done

scan_at A "${tok[t1]}"
expect_rc "t1 at A" 0
[[ $(field .result) == admitted && $(field .jti) == "${jti[t1]}" ]] || fail "t1 at A: $(cat "$TMP/out")"
scan_at A "${tok[t1]}"
expect_rc "t1 again at A" 1
[[ $(field .result) == already_admitted && $(field .first.gate) == A ]] || fail "t1 again at A: $(cat "$TMP/out")"
scan_at B "${tok[t1]}"
expect_rc "t1 at B before any sync (the offline race)" 0
scan_at C "${tok[t2]}"
expect_rc "t2 at C" 0
scan_at B "${tok[t3]}"
expect_rc "t3 at B" 0
scan_at A "${tok[t4]}"
expect_rc "t4 at A" 0
scan_at C "${tok[t4]}"
expect_rc "t4 at C before any sync" 0
run gate C revoke --gate C --reason refunded -- "${jti[t5]}"
expect_rc "revoke t5 at C" 0
validate "$TMP/out" "revoke"
scan_at C "${tok[t5]}"
expect_rc "t5 at C, revoked there" 1
[[ $(field .result) == revoked && $(field .revoked.reason) == refunded ]] || fail "t5 at C: $(cat "$TMP/out")"
run gate A scan --gate A --jwks "$TMP/jwks.json" "forged.${tok[t6]#*.}"
expect_rc "a forged ticket" 1
[[ $(field .result) == invalid ]] || fail "a forged ticket: $(cat "$TMP/out")"

# One partial sync first: A -> B. B now refuses t4, which it never saw.
gate A scans export >"$TMP/a.jsonl"
validate "$TMP/a.jsonl" "scans export"
gate B scans merge <"$TMP/a.jsonl" >"$TMP/merge-AB.jsonl" 2>"$TMP/err" || fail "merge A into B: $(cat "$TMP/err")"
validate "$TMP/merge-AB.jsonl" "scans merge"
[[ $(jq -r 'select(.kind == "double_admission") | .jti' "$TMP/merge-AB.jsonl") == "${jti[t1]}" ]] ||
  fail "merging A into B does not reveal t1's double admission: $(cat "$TMP/merge-AB.jsonl")"
scan_at B "${tok[t4]}"
expect_rc "t4 at B after merging A" 1
[[ $(field .first.gate) == A ]] || fail "t4 at B: expected first admitted at A: $(cat "$TMP/out")"
# Merging the same export again changes nothing and reveals nothing.
gate B scans merge "$TMP/a.jsonl" >"$TMP/again.jsonl" 2>/dev/null
[[ ! -s $TMP/again.jsonl ]] || fail "a repeated merge reported something: $(cat "$TMP/again.jsonl")"

# Every ordered pair, in a random order, twice round.
pairs=()
for from in A B C; do for to in A B C; do [[ $from != "$to" ]] && pairs+=("$from$to"); done; done
for round in 1 2; do
  for pair in $(printf '%s\n' "${pairs[@]}" | shuf); do
    gate "${pair:0:1}" scans export | gate "${pair:1:1}" scans merge >>"$TMP/merged-${pair:1:1}.jsonl" 2>/dev/null ||
      fail "sync $pair failed"
  done
done
for g in A B C; do
  gate $g scans report | jq -c 'del(.ts)' >"$TMP/report-$g.jsonl"
  [[ -s $TMP/report-$g.jsonl ]] || fail "gate $g reports nothing"
done
cmp -s "$TMP/report-A.jsonl" "$TMP/report-B.jsonl" && cmp -s "$TMP/report-A.jsonl" "$TMP/report-C.jsonl" ||
  fail "the gates disagree: $(diff "$TMP/report-A.jsonl" "$TMP/report-B.jsonl"; diff "$TMP/report-A.jsonl" "$TMP/report-C.jsonl")"
gate A scans report >"$TMP/report.jsonl"
validate "$TMP/report.jsonl" "scans report"

doubles=$(jq -r 'select(.kind == "double_admission") | "\(.jti) \(.admitted_by.gate) \([.also[].gate] | join(","))"' \
  "$TMP/report-A.jsonl" | sort)
expected=$(printf '%s A B\n%s A C\n' "${jti[t1]}" "${jti[t4]}" | sort)
[[ $doubles == "$expected" ]] || fail "double admissions: got '$doubles', expected '$expected'"
[[ $(jq -r 'select(.kind == "scan.admission") | .jti' "$TMP/report-A.jsonl" | wc -l) -eq 4 ]] ||
  fail "expected 4 admitted tickets: $(cat "$TMP/report-A.jsonl")"
# A double admission only ever shows up in a merge (a gate refuses what it
# admitted itself), so each gate's merges reported each one, ending in the
# form the report gives.
for g in A B C; do
  inputs=("$TMP/merged-$g.jsonl")
  [[ $g == B ]] && inputs=("$TMP/merge-AB.jsonl" "${inputs[@]}")
  from_merges=$(cat "${inputs[@]}" | jq -c 'select(.kind == "double_admission") | del(.ts)' |
    jq -s -c 'group_by(.jti) | map(last) | .[]')
  from_report=$(jq -c 'select(.kind == "double_admission")' "$TMP/report-$g.jsonl")
  [[ $from_merges == "$from_report" ]] || fail "gate $g: merges reported '$from_merges', the report says '$from_report'"
done
# The revoked ticket is refused everywhere; t1 is refused at C too.
for g in A B C; do
  scan_at $g "${tok[t5]}"
  expect_rc "revoked t5 at $g" 1
  [[ $(field .result) == revoked ]] || fail "t5 at $g after sync: $(cat "$TMP/out")"
done
scan_at C "${tok[t1]}"
expect_rc "t1 at C after sync" 1
[[ $(field .first.gate) == A ]] || fail "t1 at C: expected first admitted at A: $(cat "$TMP/out")"

# export --after-seq: only what came after the cursor.
last=$(gate A scans export | tail -n1 | jq -r .seq)
gate A revoke --gate A "${jti[t6]}" >/dev/null
[[ $(gate A scans export --after-seq "$last" | jq -r .jti) == "${jti[t6]}" ]] || fail "export --after-seq $last"

# Merge input errors name the line and field.
printf '%s\n' '{"kind":"scan.event","v":1,"id":"x","jti":"j","gate":"g","type":"sideways","hlc_wall":1,"hlc_logical":0}' >"$TMP/bad.jsonl"
run gate A scans merge "$TMP/bad.jsonl"
expect_rc "a bad element" 65
grep -q 'bad.jsonl:1: "type": expected' "$TMP/err" || fail "bad element message: $(cat "$TMP/err")"
echo ok
