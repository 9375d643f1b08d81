# evt-token with a fixed Ed25519 key (seed 00..07, a test key), tickets
# whose iat, exp and jti are given: sign, decode, verify, jwks, keys, scan
# at two gates, merge, report, revoke, and a rotating code at a pinned time.
tk=("$BIN/evt-token" --state-dir "$TMP/token-a")
tk_b=("$BIN/evt-token" --state-dir "$TMP/token-b")
perl -e 'print pack("H*", "302e020100300506032b657004220420" . sprintf("%064x", 7))' | base64 -w0 |
  { echo '-----BEGIN PRIVATE KEY-----'; fold -w64; echo; echo '-----END PRIVATE KEY-----'; } >"$TMP/key.pem"
chmod 600 "$TMP/key.pem"
golden token/keys-import "${tk[@]}" keys import --kid gate-2026 "$TMP/key.pem"
"${tk_b[@]}" keys import --kid gate-2026 "$TMP/key.pem" >/dev/null
golden token/keys-list "${tk[@]}" keys list --json
golden token/jwks "${tk[@]}" jwks
"${tk[@]}" jwks >"$TMP/jwks.json"
for n in 1 2 3; do
  printf '{"sub":"guest-%d","iat":1764928800,"exp":4102444800,"jti":"t%d","aud":"gate"}\n' "$n" "$n"
done >"$TMP/claims.jsonl"
golden token/sign "<$TMP/claims.jsonl" "${tk[@]}" sign --typ evt-ticket+jwt --iss popup
golden token/sign-json "<$TMP/claims.jsonl" "${tk[@]}" sign --json --typ evt-ticket+jwt --iss popup
golden token/sign-hs256-no-key "${tk[@]}" sign --alg HS256 --claims '{"iat":1764928800,"exp":4102444800,"jti":"h"}'
"${tk[@]}" sign --typ evt-ticket+jwt --iss popup <"$TMP/claims.jsonl" >"$TMP/tickets"
head -n1 "$TMP/tickets" >"$TMP/ticket1"
golden token/decode "<$TMP/tickets" "${tk[@]}" decode
golden token/verify "<$TMP/tickets" "${tk[@]}" verify --aud gate --iss popup --typ evt-ticket+jwt
golden token/verify-wrong-aud "<$TMP/tickets" "${tk[@]}" verify --aud other
golden token/verify-jwks "<$TMP/tickets" "$BIN/evt-token" --state-dir "$TMP/token-none" verify --jwks "$TMP/jwks.json" --aud gate
printf '%s\n' 'not-a-token' "$(head -n1 "$TMP/tickets" | sed 's/.$/A/')" >"$TMP/bad-tickets"
golden token/verify-bad "<$TMP/bad-tickets" "${tk[@]}" verify --aud gate
# Two gates admit overlapping tickets; the merge reveals the double admission.
golden token/scan-a "<$TMP/tickets" "${tk[@]}" scan --gate a --aud gate --iss popup
golden token/scan-a-again "<$TMP/ticket1" "${tk[@]}" scan --gate a --aud gate --iss popup
golden token/scan-b "<$TMP/ticket1" "${tk_b[@]}" scan --gate b --aud gate --iss popup
golden token/revoke "${tk_b[@]}" revoke --gate b --reason refunded t3
"${tk_b[@]}" scans export >"$TMP/b.jsonl" 2>/dev/null
golden token/scans-export-b "${tk_b[@]}" scans export
golden token/scans-merge "<$TMP/b.jsonl" "${tk[@]}" scans merge
golden token/scans-merge-again "<$TMP/b.jsonl" "${tk[@]}" scans merge
golden token/scans-report "${tk[@]}" scans report --json
golden token/scans-quarantine "${tk[@]}" scans quarantine
golden token/scans-clock-rebase "${tk[@]}" scans clock rebase --dry-run
golden token/scan-revoked "<$TMP/tickets" "${tk[@]}" scan --gate a --type exit --aud gate --iss popup
printf '%064x' 42 >"$TMP/code.key"
chmod 600 "$TMP/code.key"
printf '{"site":{"name":"t"},"token":{"code":{"step":"15s","secret":{"file":"code.key"}}}}' >"$TMP/token-code.json"
golden token/code "<$TMP/ticket1" "${tk[@]}" --config "$TMP/token-code.json" code --at 2026-12-05T12:00:00Z
golden token/code-json "<$TMP/ticket1" "${tk[@]}" --config "$TMP/token-code.json" code --json --at 2026-12-05T12:00:07Z
golden token/code-no-secret "<$TMP/ticket1" "${tk[@]}" code --at 2026-12-05T12:00:00Z
