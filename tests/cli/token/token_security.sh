#!/usr/bin/env bash
# The rejections evt-token verify makes, each as a black-box case: a token forged to
# break one rule gets exactly that verdict and evt-token verify exits 1.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
forge=(/usr/bin/python3 "$(dirname "$0")/forge.py")
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/no-config

run "$bin" keys new --kid ed1
expect_rc "keys new" 0
run "$bin" keys new --alg HS256 --kid hs1
expect_rc "keys new --alg HS256" 0
"$bin" keys export ed1 --format jwk --private --out "$TMP/ed1.jwk"
"$bin" keys export hs1 --format jwk --private --out "$TMP/hs1.jwk"
ed_x_hex=$(jq -r .x "$TMP/ed1.jwk" | /usr/bin/python3 -c 'import base64,sys; t=sys.stdin.read().strip(); print(base64.urlsafe_b64decode(t+"="*(-len(t)%4)).hex())')
hs_hex=$(jq -r .k "$TMP/hs1.jwk" | /usr/bin/python3 -c 'import base64,sys; t=sys.stdin.read().strip(); print(base64.urlsafe_b64decode(t+"="*(-len(t)%4)).hex())')
[[ ${#hs_hex} -eq 64 ]] || fail "the HS256 secret is not 256 bits: ${#hs_hex} hex digits"
# A key the attacker holds, never in the ring.
/usr/bin/python3 - "$TMP/evil.jwk" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as s
k = Ed25519PrivateKey.generate()
b = lambda x: base64.urlsafe_b64encode(x).rstrip(b"=").decode()
d = k.private_bytes(s.Encoding.Raw, s.PrivateFormat.Raw, s.NoEncryption())
x = k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
json.dump({"kty": "OKP", "crv": "Ed25519", "d": b(d), "x": b(x)}, open(sys.argv[1], "w"))
PY
evil_pub=$(jq -c '{kty, crv, x}' "$TMP/evil.jwk")

now=$(date +%s)
claims="{\"sub\":\"t\",\"iat\":$now,\"exp\":$((now + 600))}"
ed="ed:$TMP/ed1.jwk"

# expect_reason WHAT TOKEN REASON [verify options...]
expect_reason() {
  local what=$1 token=$2 reason=$3
  shift 3
  run "$bin" verify "$@" <<<"$token"
  expect_rc "$what" 1
  [[ $(jq -r .reason "$TMP/out") == "$reason" ]] || fail "$what: expected reason $reason, got: $(cat "$TMP/out")"
  [[ $(jq -r .ok "$TMP/out") == false ]] || fail "$what: ok is not false"
  jq -e 'has("claims") | not' "$TMP/out" >/dev/null || fail "$what: a failed verdict shows claims"
  if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$TMP/out" || fail "$what: the verdict does not match its schema"; fi
}

good=$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "$claims" "$ed")
run "$bin" verify <<<"$good"
expect_rc "a forged-but-honest token signed with the ring's key" 0

expect_reason "alg none" "$("${forge[@]}" sign '{"alg":"none","kid":"ed1"}' "$claims" none)" alg_not_allowed
expect_reason "alg NONE spelled otherwise" "$("${forge[@]}" sign '{"alg":"None","kid":"ed1"}' "$claims" none)" alg_not_allowed
expect_reason "HS256 keyed with the Ed25519 public key" \
  "$("${forge[@]}" sign '{"alg":"HS256","kid":"ed1"}' "$claims" "hs:$ed_x_hex")" alg_not_allowed
expect_reason "EdDSA naming the HS256 secret's kid" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"hs1"}' "$claims" "$ed")" alg_not_allowed
expect_reason "--alg allowlist without HS256" \
  "$("${forge[@]}" sign '{"alg":"HS256","kid":"hs1"}' "$claims" "hs:$hs_hex")" alg_not_allowed --alg EdDSA

# Keys named by the token are ignored: the attacker's key signs, the header
# carries it, the ring's kid is claimed.
for member in jwk jku x5u x5c; do
  case $member in
    jwk) value=$evil_pub ;;
    x5c) value='["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]' ;;
    *) value='"https://evil.example/keys.json"' ;;
  esac
  expect_reason "header $member (kid of the ring)" \
    "$("${forge[@]}" sign "{\"alg\":\"EdDSA\",\"kid\":\"ed1\",\"$member\":$value}" "$claims" "ed:$TMP/evil.jwk")" bad_signature
done
expect_reason "header jwk without kid" \
  "$("${forge[@]}" sign "{\"alg\":\"EdDSA\",\"jwk\":$evil_pub}" "$claims" "ed:$TMP/evil.jwk")" missing_kid

for kid in '../../../../etc/passwd' "x' OR '1'='1" 'file:///dev/null' ''; do
  expect_reason "unknown kid '$kid'" \
    "$("${forge[@]}" sign "{\"alg\":\"EdDSA\",\"kid\":$(jq -Rn --arg k "$kid" '$k')}" "$claims" "$ed")" unknown_kid
done

expect_reason "base64url padding" "$("${forge[@]}" mutate "$good" pad)" malformed
expect_reason "'+/' instead of '-_'" "$("${forge[@]}" mutate "$good" plus)" malformed
expect_reason "non-zero trailing bits" "$("${forge[@]}" mutate "$good" trailing)" malformed
expect_reason "Ed25519 S + L (non-canonical S)" "$("${forge[@]}" mutate "$good" s_plus_l)" bad_signature
expect_reason "a flipped signature bit" "$("${forge[@]}" mutate "$good" flip_sig)" bad_signature

expect_reason "duplicate header member" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","alg":"EdDSA","kid":"ed1"}' "$claims" "$ed")" malformed
expect_reason "duplicate claim" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"sub\":\"a\",\"sub\":\"b\",\"exp\":$((now + 600))}" "$ed")" malformed
expect_reason "unknown crit" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1","crit":["b64"],"b64":true}' "$claims" "$ed")" unsupported_crit

for claim in exp nbf iat; do
  expect_reason "$claim as a string" \
    "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"sub\":\"t\",\"$claim\":\"$((now + 60))\"}" "$ed")" malformed
done
# The checks above can take a minute on a loaded machine: the times below
# are relative to now, not to the start of the test.
now=$(date +%s)
expect_reason "iat in the future beyond leeway" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"iat\":$((now + 120)),\"exp\":$((now + 600))}" "$ed")" issued_in_future
run "$bin" verify <<<"$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"iat\":$((now + 10)),\"exp\":$((now + 600))}" "$ed")"
expect_rc "iat 10 s ahead, within the default 30 s leeway" 0
expect_reason "expired" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"iat\":$((now - 700)),\"exp\":$((now - 60))}" "$ed")" expired
run "$bin" verify --leeway 2m <<<"$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"exp\":$((now - 60))}" "$ed")"
expect_rc "expired 60 s ago with --leeway 2m" 0
expect_reason "nbf ahead" \
  "$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"nbf\":$((now + 300)),\"exp\":$((now + 600))}" "$ed")" not_yet_valid
aud_token=$("${forge[@]}" sign '{"alg":"EdDSA","kid":"ed1"}' "{\"aud\":\"gate-b\",\"iss\":\"kiosk\",\"exp\":$((now + 600))}" "$ed")
expect_reason "wrong audience" "$aud_token" wrong_audience --aud gate-a
expect_reason "aud present, none expected" "$aud_token" wrong_audience
expect_reason "wrong issuer" "$aud_token" wrong_issuer --aud gate-b --iss popup
expect_reason "missing required claim" "$aud_token" missing_claim --aud gate-b --require sub
expect_reason "--max-age without iat" "$aud_token" missing_claim --aud gate-b --max-age 1h

# A mix: exit 1, one verdict per token in order, the good one ok.
run "$bin" verify < <(printf '%s\nnot-a-token\n%s\n' "$good" "$good")
expect_rc "mixed input" 1
[[ $(jq -r .reason "$TMP/out" | tr '\n' ' ') == "ok malformed ok " ]] || fail "mixed input: $(cat "$TMP/out")"
[[ $(jq -r .line "$TMP/out" | tr '\n' ' ') == "1 2 3 " ]] || fail "mixed input lines: $(cat "$TMP/out")"
run "$bin" verify < <(head -c 20000 /dev/zero | tr '\0' 'A')
expect_rc "a line longer than any token" 1
[[ $(jq -r .reason "$TMP/out") == malformed ]] || fail "an overlong line: $(cat "$TMP/out")"

# HS256 secrets under 256 bits are refused on import.
short=$(/usr/bin/python3 -c 'import base64; print(base64.urlsafe_b64encode(b"0123456789abcdef").rstrip(b"=").decode())')
run "$bin" keys import <<<"{\"kty\":\"oct\",\"k\":\"$short\",\"kid\":\"short\"}"
expect_rc "a 128-bit HS256 secret" 65
grep -q "32" "$TMP/err" || fail "the short-secret error does not say what is needed: $(cat "$TMP/err")"

# Owner-only state and key files; no secret in any record or listing.
[[ $(stat -c %a "$EVT_STATE_DIR") == 700 ]] || fail "state dir mode $(stat -c %a "$EVT_STATE_DIR")"
[[ $(stat -c %a "$EVT_STATE_DIR/token.db") == 600 ]] || fail "token.db mode $(stat -c %a "$EVT_STATE_DIR/token.db")"
[[ $(stat -c %a "$TMP/ed1.jwk") == 600 ]] || fail "exported private key mode $(stat -c %a "$TMP/ed1.jwk")"
run "$bin" keys export ed1 --format jwk --private --out "$TMP/ed1.jwk"
expect_rc "export over an existing file" 74
run "$bin" keys list --json
expect_rc "keys list" 0
d=$(jq -r .d "$TMP/ed1.jwk")
! grep -q -e "$d" -e "$(jq -r .k "$TMP/hs1.jwk")" "$TMP/out" || fail "keys list shows a secret"
run "$bin" keys export --json --private
expect_rc "private keys into a record" 2
run "$bin" jwks
! grep -q -e '"d"' -e '"k"' "$TMP/out" || fail "jwks shows a secret: $(cat "$TMP/out")"
echo "token_security: ok"
