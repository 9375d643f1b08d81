#!/usr/bin/env bash
# Two lanes of one gate share its state directory and scan the same tickets
# at the same time: each ticket is admitted exactly once, by one lane, and
# refused at the other as already_admitted.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
tickets=150

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
awk -v n=$tickets 'BEGIN { for (i = 1; i <= n; i++) printf "{\"sub\":\"seat-%d\"}\n", i }' |
  "$bin" sign --ttl 1h >"$TMP/tokens"
shuf "$TMP/tokens" >"$TMP/tokens-2"

lane() { "$bin" --state-dir "$TMP/gate" scan --gate g1 --jwks "$TMP/jwks.json" <"$1" >"$2" 2>"$2.err"; }
# Open the database once first, so neither lane races to create it.
"$bin" --state-dir "$TMP/gate" scans export >/dev/null
lane "$TMP/tokens" "$TMP/lane-1" &
p1=$!
started $p1
lane "$TMP/tokens-2" "$TMP/lane-2" &
p2=$!
started $p2
wait_exit $p1 60
[[ $RC -le 1 ]] || fail "lane 1 exit $RC: $(cat "$TMP/lane-1.err")"
wait_exit $p2 60
[[ $RC -le 1 ]] || fail "lane 2 exit $RC: $(cat "$TMP/lane-2.err")"

for lane in 1 2; do
  [[ $(wc -l <"$TMP/lane-$lane") -eq $tickets ]] || fail "lane $lane answered $(wc -l <"$TMP/lane-$lane") of $tickets"
done
jq -r 'select(.result == "admitted") | .jti' "$TMP/lane-1" "$TMP/lane-2" | sort >"$TMP/admitted"
[[ -z $(uniq -d "$TMP/admitted") ]] || fail "admitted by both lanes: $(uniq -d "$TMP/admitted" | head -3)"
[[ $(wc -l <"$TMP/admitted") -eq $tickets ]] || fail "$(wc -l <"$TMP/admitted") of $tickets tickets admitted"
refused=$(jq -r 'select(.result == "already_admitted" and .first.gate == "g1") | .jti' "$TMP/lane-1" "$TMP/lane-2" | wc -l)
[[ $refused -eq $tickets ]] || fail "$refused refusals naming the first admission, expected $tickets"
echo "ok: lane 1 admitted $(grep -c '"admitted"' "$TMP/lane-1" || true), lane 2 $(grep -c '"admitted"' "$TMP/lane-2" || true)"
