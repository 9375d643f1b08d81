#!/usr/bin/env bash
# Ed25519 interoperability with the openssl CLI: evt-token's raw signatures
# verify with `openssl pkeyutl -verify -rawin`, keys from `openssl genpkey`
# import and sign, and exported PEM keys read back in openssl.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
command -v openssl >/dev/null || fail "openssl is needed"
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/no-config

b64u_decode() { tr '_-' '/+' | { t=$(cat); while (( ${#t} % 4 )); do t+='='; done; printf '%s' "$t"; } | base64 -d; }

# split TOKEN: $TMP/input (the signing input) and $TMP/sig (raw bytes).
split_token() {
  local token=$1
  printf '%s' "${token%.*}" >"$TMP/input"
  printf '%s' "${token##*.}" | b64u_decode >"$TMP/sig"
  [[ $(stat -c %s "$TMP/sig") -eq 64 ]] || fail "signature is not 64 bytes"
}

openssl genpkey -algorithm ed25519 -out "$TMP/openssl.pem" 2>/dev/null
chmod 600 "$TMP/openssl.pem"
openssl pkey -in "$TMP/openssl.pem" -pubout -out "$TMP/openssl.pub.pem"
run "$bin" keys import "$TMP/openssl.pem"
expect_rc "import openssl's PKCS#8 key" 0
kid=$(jq -r .kid "$TMP/out")
[[ $(jq -r .state "$TMP/out") == active ]] || fail "the first key is not active: $(cat "$TMP/out")"

run "$bin" sign --claims '{"sub":"x"}'
expect_rc "sign with the imported key" 0
token=$(cat "$TMP/out")
split_token "$token"
openssl pkeyutl -verify -pubin -inkey "$TMP/openssl.pub.pem" -rawin -in "$TMP/input" -sigfile "$TMP/sig" >/dev/null ||
  fail "openssl does not verify evt-token's signature"
printf 'x' >>"$TMP/input"
! openssl pkeyutl -verify -pubin -inkey "$TMP/openssl.pub.pem" -rawin -in "$TMP/input" -sigfile "$TMP/sig" >/dev/null 2>&1 ||
  fail "openssl verified a changed message: the check above proves nothing"

# evt-token's own key exported as SPKI PEM reads in openssl and verifies.
run "$bin" keys rotate
expect_rc "rotate" 0
new_kid=$(jq -r 'select(.state == "active") | .kid' "$TMP/out")
"$bin" keys export --format pem -- "$new_kid" >"$TMP/evt.pub.pem"
openssl pkey -pubin -in "$TMP/evt.pub.pem" -noout || fail "openssl cannot read the exported public PEM"
token=$("$bin" sign --claims '{"sub":"y"}')
[[ $(printf '%s' "${token%%.*}" | b64u_decode | jq -r .kid) == "$new_kid" ]] || fail "the rotated key does not sign"
split_token "$token"
openssl pkeyutl -verify -pubin -inkey "$TMP/evt.pub.pem" -rawin -in "$TMP/input" -sigfile "$TMP/sig" >/dev/null ||
  fail "openssl does not verify the rotated key's signature"

# openssl signs a JWS signing input; evt-token verifies it (the old key is
# in grace, still verifying).
header=$(printf '{"alg":"EdDSA","kid":"%s"}' "$kid" | base64 -w0 | tr '+/' '-_' | tr -d '=')
payload=$(printf '{"sub":"openssl","exp":%d}' $(($(date +%s) + 300)) | base64 -w0 | tr '+/' '-_' | tr -d '=')
printf '%s.%s' "$header" "$payload" >"$TMP/input"
openssl pkeyutl -sign -inkey "$TMP/openssl.pem" -rawin -in "$TMP/input" -out "$TMP/sig"
sig=$(base64 -w0 <"$TMP/sig" | tr '+/' '-_' | tr -d '=')
run "$bin" verify "$header.$payload.$sig"
expect_rc "evt-token verifies openssl's signature" 0
[[ $(jq -r .kid "$TMP/out") == "$kid" ]] || fail "verified by the wrong key: $(cat "$TMP/out")"

# The private PEM export round-trips through openssl.
"$bin" keys export --format pem --private --out "$TMP/evt.pem" -- "$new_kid"
[[ $(stat -c %a "$TMP/evt.pem") == 600 ]] || fail "private PEM mode $(stat -c %a "$TMP/evt.pem")"
[[ $(openssl pkey -in "$TMP/evt.pem" -pubout) == "$(cat "$TMP/evt.pub.pem")" ]] ||
  fail "the private PEM's public half differs from the public export"
echo "token_interop_openssl: ok"
