#!/usr/bin/env bash
# scans export reads the set a page at a time from one snapshot
# (tools/token/scans_command.cc): every element once, in seq order, across
# page boundaries, and --after-seq starts mid-page.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer
"$bin" keys new >/dev/null
"$bin" jwks >"$TMP/jwks.json"
"$bin" sign --claims '{"sub":"t1"}' --ttl 1h >"$TMP/token"
"$bin" --state-dir "$TMP/gate-b" scan --gate B --jwks "$TMP/jwks.json" "$(cat "$TMP/token")" >/dev/null
"$bin" --state-dir "$TMP/gate-b" scans export >"$TMP/one.jsonl"
[[ $(wc -l <"$TMP/one.jsonl") -eq 1 ]] || fail "gate B's export is not one scan: $(cat "$TMP/one.jsonl")"

# Two pages of 4096 and part of a third, each scan its own ticket.
n=9000
awk -v n="$n" '{ for (i = 1; i <= n; i++) { l = $0; sub(/"id":"[^"]*"/, "\"id\":\"s-" i "\"", l);
                 sub(/"jti":"[^"]*"/, "\"jti\":\"j-" i "\"", l); sub(/"seq":[0-9]+/, "\"seq\":" i, l); print l } }' \
  "$TMP/one.jsonl" >"$TMP/many.jsonl"
run "$bin" --state-dir "$TMP/gate-a" scans merge "$TMP/many.jsonl"
expect_rc "merge" 0
run "$bin" --state-dir "$TMP/gate-a" scans export
expect_rc "export" 0
[[ $(wc -l <"$TMP/out") -eq $n ]] || fail "export wrote $(wc -l <"$TMP/out") records, expected $n"
grep -o '"seq":[0-9]*' "$TMP/out" | cut -d: -f2 >"$TMP/seqs"
seq 1 "$n" | cmp -s - "$TMP/seqs" || fail "export's seqs are not 1..$n in order: $(head -3 "$TMP/seqs" | tr '\n' ' ')..."
[[ $(grep -o '"jti":"[^"]*"' "$TMP/out" | sort -u | wc -l) -eq $n ]] || fail "a scan was exported twice"

run "$bin" --state-dir "$TMP/gate-a" scans export --after-seq 4096
expect_rc "export --after-seq" 0
[[ $(wc -l <"$TMP/out") -eq $((n - 4096)) ]] || fail "--after-seq 4096 wrote $(wc -l <"$TMP/out") records"
head -1 "$TMP/out" | grep -q '"seq":4097}' || fail "--after-seq 4096 began at $(head -1 "$TMP/out")"
echo "exported $n scans in pages"
