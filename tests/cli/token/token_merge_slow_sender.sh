#!/usr/bin/env bash
# A merge fed by a slow sender (gate-sync's ssh over a flaky uplink) does
# not hold the gate's store while it waits: `scans merge -` spools a pipe
# to a temporary file before it opens the store (it writes in batches
# inside one transaction), so a ticket scanned at that gate meanwhile is
# answered at once, not after the 5 s busy wait with 75.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
gate() { "$bin" --state-dir "$TMP/gate-$1" "${@:2}"; }

"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
printf '{"sub":"seat-1"}\n{"sub":"seat-2"}\n' | "$bin" sign --ttl 1h >"$TMP/tokens"
sed -n 1p "$TMP/tokens" | gate A scan --gate A --jwks "$TMP/jwks.json" >/dev/null
gate A scans export >"$TMP/template.jsonl"
# 5,000 scans at A (more than one merge batch), copies of the real one.
python3 - "$TMP/template.jsonl" >"$TMP/export.jsonl" <<'PY'
import re, sys
scan = next(l for l in open(sys.argv[1]).read().splitlines() if '"kind":"scan.event"' in l)
for i in range(1, 5001):
    l = re.sub(r'"id":"[^"]*"', '"id":"%016x"' % i, scan, count=1)
    l = re.sub(r'"jti":"[^"]*"', '"jti":"t%d"' % i, l, count=1)
    l = re.sub(r'"hlc_logical":[0-9]+', '"hlc_logical":%d' % i, l, count=1)
    print(re.sub(r'"seq":[0-9]+', '"seq":%d' % i, l, count=1))
PY
[[ $(wc -l <"$TMP/export.jsonl") == 5000 ]] || fail "the generated export has $(wc -l <"$TMP/export.jsonl") lines"
sed -n 2p "$TMP/tokens" | gate B scan --gate B --jwks "$TMP/jwks.json" >/dev/null  # B's store exists

# Most of the export, then the sender stalls for 7 s, then the rest.
{ head -n 4500 "$TMP/export.jsonl"; sleep 7; tail -n +4501 "$TMP/export.jsonl"; } |
  gate B scans merge - >"$TMP/merge.out" 2>"$TMP/merge.err" &
merge=$!
started $merge
sleep 1
start=$(date +%s%N)
run gate B scan --gate B --jwks "$TMP/jwks.json" "$(sed -n 1p "$TMP/tokens")"
took=$((($(date +%s%N) - start) / 1000000))
echo "a scan at B while its merge waited on the sender: exit $RC in $took ms"
expect_rc "a scan during the merge" 0
[[ $(jq -r .result "$TMP/out") == admitted ]] || fail "a scan during the merge: $(cat "$TMP/out")"
((took < 4000)) || fail "the scan waited $took ms for the merge's lock"
wait $merge || fail "the merge failed: $(cat "$TMP/merge.err")"
[[ $(gate B scans export | grep -c '"kind":"scan.event"') -ge 5001 ]] || fail "B did not take the whole export"
exit 0
