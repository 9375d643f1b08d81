#!/usr/bin/env bash
# One rule for NumericDates: exp, nbf and iat are seconds from 0 to the end
# of 9999, however the number is written, so exp 1e300 is refused as
# malformed just as 1e20 is, at verify and at a gate, and sign refuses to
# make such a token. A gate requires exp: a ticket without one would admit
# for ever.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
forge=(/usr/bin/python3 "$(dirname "$0")/forge.py")
export XDG_CONFIG_HOME=$TMP/no-config EVT_STATE_DIR=$TMP/issuer

kid=$("$bin" keys new --json | jq -r .kid)
"$bin" keys export --format jwk --private --out "$TMP/key.jwk" -- "$kid"
"$bin" jwks >"$TMP/jwks.json"
forged() { "${forge[@]}" sign "{\"alg\":\"EdDSA\",\"kid\":\"$kid\"}" "$1" "ed:$TMP/key.jwk"; }

for exp in 1e20 1e300 100000000000000000000 253402300800; do
  run "$bin" verify "$(forged "{\"jti\":\"j-$exp\",\"exp\":$exp}")"
  expect_rc "verify exp $exp" 1
  [[ $(jq -r .reason "$TMP/out") == malformed ]] || fail "exp $exp: $(cat "$TMP/out")"
  run "$bin" --state-dir "$TMP/gate" scan --gate A --jwks "$TMP/jwks.json" "$(forged "{\"jti\":\"g-$exp\",\"exp\":$exp}")"
  expect_rc "scan exp $exp" 1
  [[ $(jq -r .result "$TMP/out") == invalid && $(jq -r .reason "$TMP/out") == malformed ]] ||
    fail "scan exp $exp: $(cat "$TMP/out")"
done
run "$bin" verify "$(forged '{"exp":1e300}')"
[[ $(jq -r .detail "$TMP/out") == '"exp": expected a NumericDate (seconds since 1970 from 0 to 253402300799, the end of 9999), got 1e+300' ]] ||
  fail "the detail: $(cat "$TMP/out")"

run "$bin" sign --claims '{"sub":"forever","exp":1e300}'
expect_rc "sign exp 1e300" 65
grep -q '"exp": expected a NumericDate' "$TMP/err" || fail "sign exp 1e300: $(cat "$TMP/err")"

# The last second of 9999 is a date: accepted.
run "$bin" verify "$(forged '{"jti":"late","exp":253402300799}')"
expect_rc "exp at the end of 9999" 0

# A ticket without exp: verify takes it (nothing asked for exp), a gate does not.
noexp=$(forged '{"jti":"no-exp","sub":"forever"}')
run "$bin" verify "$noexp"
expect_rc "verify without exp" 0
run "$bin" --state-dir "$TMP/gate" scan --gate A --jwks "$TMP/jwks.json" "$noexp"
expect_rc "scan without exp" 1
[[ $(jq -r .reason "$TMP/out") == missing_claim ]] || fail "scan without exp: $(cat "$TMP/out")"
[[ $(jq -r .detail "$TMP/out") == '"exp": required claim is missing' ]] || fail "scan without exp: $(cat "$TMP/out")"
