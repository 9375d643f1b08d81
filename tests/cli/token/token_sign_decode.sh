#!/usr/bin/env bash
# sign and decode: claims in (flag, file, JSON Lines), tokens or records
# out, config defaults, and the errors a person meets with their codes.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/no-config
validate() {
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$1" || fail "$2: records do not match their schema"; fi
}
"$bin" keys new --kid k1 >/dev/null

# A bare token by default, even when stdout is not a terminal.
run "$bin" sign --claims '{"sub":"a"}' --ttl 10m --typ evt-ticket+jwt
expect_rc "sign" 0
expect_no_stderr "sign"
[[ $(cat "$TMP/out") =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$ ]] || fail "not a compact EdDSA JWS: $(cat "$TMP/out")"
token=$(cat "$TMP/out")
run "$bin" decode "$token"
expect_rc "decode" 0
validate "$TMP/out" "decode"
jq -e '.verified == false and .header == {"alg":"EdDSA","typ":"evt-ticket+jwt","kid":"k1"}
       and .claims.exp - .claims.iat == 600 and (.claims.jti | length) == 22 and .claims.sub == "a"' "$TMP/out" >/dev/null ||
  fail "decode: $(cat "$TMP/out")"
run "$bin" verify --typ evt-ticket+jwt "$token"
expect_rc "verify --typ" 0
run "$bin" verify --typ evt-purchase+jwt "$token"
expect_rc "verify --typ of another kind" 1
[[ $(jq -r .reason "$TMP/out") == wrong_type ]] || fail "wrong typ: $(cat "$TMP/out")"

# RFC 9864's "Ed25519" name for the same key: signed on request, verified
# unless the allowlist names only EdDSA.
run "$bin" sign --claims '{}' --alg Ed25519
expect_rc "sign --alg Ed25519" 0
ed25519_token=$(cat "$TMP/out")
[[ $("$bin" decode --json "$ed25519_token" | jq -r .header.alg) == Ed25519 ]] || fail "--alg Ed25519 header"
run "$bin" verify "$ed25519_token"
expect_rc "verify an Ed25519 token" 0
run "$bin" verify --alg EdDSA "$ed25519_token"
expect_rc "verify --alg EdDSA of an Ed25519 token" 1
[[ $(jq -r .reason "$TMP/out") == alg_not_allowed ]] || fail "Ed25519 outside the allowlist: $(cat "$TMP/out")"

# Claims as JSON Lines on stdin: one token record per line, in order, with
# the flags applied over the claims and the claims over the config.
mkdir -p "$TMP/conf"
printf '{"site":{"name":"t"},"token":{"issuer":"popup","audience":"gate","ttl":"5m"}}' >"$TMP/conf/event.json"
run "$bin" --config "$TMP/conf/event.json" sign --json --sub flagged \
  < <(printf '{"sub":"1"}\n\n{"sub":"2","aud":"other"}\n{"sub":"3","exp":4102444800}\n')
expect_rc "sign from stdin" 0
validate "$TMP/out" "sign --json"
[[ $(jq -r .line "$TMP/out" | tr '\n' ' ') == "1 3 4 " ]] || fail "lines: $(cat "$TMP/out")"
[[ $(jq -r '.expires_at' "$TMP/out" | tail -1) == 2100-01-01T00:00:00.000Z ]] || fail "a given exp: $(cat "$TMP/out")"
jq -r .token "$TMP/out" >"$TMP/tokens"
"$bin" decode --json <"$TMP/tokens" >"$TMP/decoded"
[[ $(jq -r '"\(.claims.sub) \(.claims.iss) \(.claims.aud)"' "$TMP/decoded" | tr '\n' ',') == "flagged popup gate,flagged popup other,flagged popup gate," ]] ||
  fail "claims: $(cat "$TMP/decoded")"
[[ $(jq -r '.claims.exp - .claims.iat' "$TMP/decoded" | head -1) == 300 ]] || fail "config ttl not applied"
run "$bin" --config "$TMP/conf/event.json" verify <"$TMP/tokens"
expect_rc "verify with the config's audience" 1
[[ $(jq -r .reason "$TMP/out" | tr '\n' ' ') == "ok wrong_audience ok " ]] || fail "config audience: $(cat "$TMP/out")"
run "$bin" --config "$TMP/conf/event.json" verify --aud gate --aud other <"$TMP/tokens"
expect_rc "two audiences" 0

# @FILE claims; errors.
printf '{"sub":"file"}' >"$TMP/claims.json"
run "$bin" sign --claims "@$TMP/claims.json"
expect_rc "--claims @FILE" 0
run "$bin" sign --claims "@$TMP/missing.json"
expect_rc "--claims @missing" 66
run "$bin" sign --claims '[1]'
expect_rc "claims not an object" 65
run "$bin" sign --claims '{"exp":"soon"}'
expect_rc "a string exp" 65
grep -q '"exp"' "$TMP/err" || fail "the error does not name exp: $(cat "$TMP/err")"
run "$bin" sign --claims '{}' --ttl 0s
expect_rc "--ttl 0s" 2
run "$bin" sign --claims '{}' --ttl 1500ms
expect_rc "--ttl 1500ms" 2
run "$bin" sign --claims '{}' --alg none
expect_rc "--alg none" 2
run "$bin" sign --claims '{}' --alg HS256
expect_rc "--alg HS256 without an HS256 key" 66
run "$bin" sign < <(printf '{"sub":"1"}\n{"sub":\n{"sub":"3"}\n')
expect_rc "a bad claims line" 65
grep -q "<stdin>:2" "$TMP/err" || fail "the error does not name line 2: $(cat "$TMP/err")"
[[ $(wc -l <"$TMP/out") -eq 1 ]] || fail "tokens before the bad line: $(cat "$TMP/out")"
run "$bin" sign --on-error skip < <(printf '{"sub":"1"}\n{"sub":\n{"sub":"3"}\n')
expect_rc "--on-error skip" 0
[[ $(wc -l <"$TMP/out") -eq 2 ]] || fail "--on-error skip: $(cat "$TMP/out")"

# decode refuses what is not a token, naming the line; never a verdict.
run "$bin" decode < <(printf '%s\nnot.a.token\n' "$token")
expect_rc "decode a bad line" 65
grep -q "<stdin>:2" "$TMP/err" || fail "decode error: $(cat "$TMP/err")"
run "$bin" decode "$token" --json
! grep -q '"kind":"verdict"' "$TMP/out" || fail "decode wrote a verdict"

# config check: the project's example, and a typo.
run "$bin" config check --config "$EVT_SOURCE_DIR/examples/event.json"
expect_rc "config check on examples/event.json" 0
printf '{"site":{"name":"t"},"token":{"ttl_s":60}}' >"$TMP/conf/bad.json"
run "$bin" config check --config "$TMP/conf/bad.json"
expect_rc "config check with a typo" 78
grep -q "/token/ttl_s: unknown key" "$TMP/err" || fail "config typo: $(cat "$TMP/err")"
printf '{"site":{"name":"t"},"token":{"leeway":"10m"}}' >"$TMP/conf/bad.json"
run "$bin" sign --config "$TMP/conf/bad.json" --claims '{}'
expect_rc "a leeway of 10m" 78
run "$bin" verify --jwks "$TMP/missing.json" x
expect_rc "--jwks missing" 66
# A gate feeding tokens one by one gets each verdict at once, and SIGTERM
# ends the wait with 143.
mkfifo "$TMP/fifo"
"$bin" verify <"$TMP/fifo" >"$TMP/stream" 2>"$TMP/err" &
pid=$!
started "$pid"
exec 3>"$TMP/fifo"
echo "$token" >&3
wait_lines "$TMP/stream" 1 10
kill -TERM "$pid"
wait_exit "$pid" 10
expect_rc "SIGTERM while waiting for tokens" 143
exec 3>&-
[[ $(jq -r .reason "$TMP/stream") == ok ]] || fail "streamed verdict: $(cat "$TMP/stream")"

# The records sign --json writes go straight into verify and scan: each
# takes the token inside a `token` record; any other JSON line stays a
# malformed token naming its line.
"$bin" sign --json --claims '{"sub":"piped"}' --ttl 10m >"$TMP/signed.jsonl"
printf '{"kind":"note","token":"x"}\n' >>"$TMP/signed.jsonl"
run "$bin" verify <"$TMP/signed.jsonl"
expect_rc "sign --json | verify (one record of another kind)" 1
[[ $(jq -r .reason "$TMP/out" | tr '\n' ' ') == "ok malformed " ]] || fail "sign --json | verify: $(cat "$TMP/out")"
"$bin" jwks >"$TMP/piped-jwks.json"
run "$bin" scan --gate P --jwks "$TMP/piped-jwks.json" < <(head -1 "$TMP/signed.jsonl")
expect_rc "sign --json | scan" 0
[[ $(jq -r .result "$TMP/out") == admitted ]] || fail "sign --json | scan: $(cat "$TMP/out")"

# A reader that has read enough ends evt-token quietly with 0.
awk 'BEGIN { for (i = 0; i < 3000; i++) print "{}" }' >"$TMP/many.jsonl"
set +e
"$bin" sign <"$TMP/many.jsonl" 2>"$TMP/err" | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
set -e
[[ $rc -eq 0 && ! -s $TMP/err ]] || fail "sign into a closed pipe: exit $rc, stderr: $(cat "$TMP/err")"
echo "token_sign_decode: ok"
