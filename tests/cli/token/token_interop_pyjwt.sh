#!/usr/bin/env bash
# Interoperability with PyJWT (Debian's python3-jwt with python3-cryptography
# under /usr/bin/python3), both ways, for EdDSA and HS256.
source "$(dirname "$0")/../lib.sh"
bin=$EVT_BIN_DIR/evt-token
py=/usr/bin/python3
$py -c 'import jwt, cryptography' 2>/dev/null || fail "python3-jwt and python3-cryptography are needed: scripts/install-deps.sh test"
export EVT_STATE_DIR=$TMP/state XDG_CONFIG_HOME=$TMP/no-config

"$bin" keys new --kid ed1 >/dev/null
"$bin" keys new --alg HS256 --kid hs1 >/dev/null
"$bin" jwks >"$TMP/jwks.json"
"$bin" keys export hs1 --format jwk --private --out "$TMP/hs1.jwk"

# evt-token signs, PyJWT verifies (signature, exp, aud, iss).
run "$bin" sign --claims '{"sub":"ticket-1","seat":"A7"}' --ttl 10m --aud gate-a --iss popup
expect_rc "sign EdDSA" 0
ed_token=$(cat "$TMP/out")
run "$bin" sign --alg HS256 --claims '{"sub":"ticket-2"}' --ttl 10m --aud gate-a --iss popup
expect_rc "sign HS256" 0
hs_token=$(cat "$TMP/out")
run $py - "$TMP/jwks.json" "$TMP/hs1.jwk" "$ed_token" "$hs_token" <<'PY'
import base64, json, sys
import jwt
jwks, hs_jwk, ed_token, hs_token = sys.argv[1:]
keys = jwt.PyJWKSet.from_dict(json.load(open(jwks)))
kid = jwt.get_unverified_header(ed_token)["kid"]
key = next(k for k in keys.keys if k.key_id == kid)
claims = jwt.decode(ed_token, key=key.key, algorithms=["EdDSA"], audience="gate-a", issuer="popup",
                    options={"require": ["exp", "iat", "jti"]})
assert claims["sub"] == "ticket-1" and claims["seat"] == "A7", claims
assert len(base64.urlsafe_b64decode(claims["jti"] + "==")) == 16, claims["jti"]
k = json.load(open(hs_jwk))["k"]
secret = base64.urlsafe_b64decode(k + "=" * (-len(k) % 4))
claims = jwt.decode(hs_token, key=secret, algorithms=["HS256"], audience="gate-a", issuer="popup")
assert claims["sub"] == "ticket-2", claims
# A token whose signature PyJWT checks with the wrong key must fail there too.
try:
    jwt.decode(hs_token, key=b"x" * 32, algorithms=["HS256"], audience="gate-a")
    raise SystemExit("PyJWT accepted a wrong secret")
except jwt.InvalidSignatureError:
    pass
print("pyjwt verified")
PY
expect_rc "PyJWT verifies evt-token's tokens" 0

# PyJWT signs with a key imported into the ring (PKCS#8 PEM) and with the
# ring's HS256 secret; evt-token verifies.
$py - "$TMP/py.pem" <<'PY'
import sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as s
k = Ed25519PrivateKey.generate()
open(sys.argv[1], "wb").write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
PY
run "$bin" keys import "$TMP/py.pem" --kid pyjwt-key
expect_rc "import a private key others may read" 65
grep -q "chmod 600" "$TMP/err" || fail "no hint to chmod: $(cat "$TMP/err")"
chmod 600 "$TMP/py.pem"
run "$bin" keys import "$TMP/py.pem" --kid pyjwt-key
expect_rc "import PyJWT's PKCS#8 key" 0
[[ $(jq -r .state "$TMP/out") == published ]] || fail "an imported key with an active one present: $(cat "$TMP/out")"
run $py - "$TMP/py.pem" "$TMP/hs1.jwk" <<'PY'
import base64, json, sys, time
import jwt
from cryptography.hazmat.primitives import serialization as s
pem, hs_jwk = sys.argv[1:]
key = s.load_pem_private_key(open(pem, "rb").read(), password=None)
now = int(time.time())
claims = {"sub": "from-pyjwt", "aud": "gate-a", "iat": now, "exp": now + 300}
print(jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": "pyjwt-key"}))
k = json.load(open(hs_jwk))["k"]
secret = base64.urlsafe_b64decode(k + "=" * (-len(k) % 4))
print(jwt.encode(dict(claims, sub="hs-from-pyjwt"), secret, algorithm="HS256", headers={"kid": "hs1"}))
PY
expect_rc "PyJWT signs" 0
cp "$TMP/out" "$TMP/pyjwt-tokens"
run "$bin" verify --aud gate-a <"$TMP/pyjwt-tokens"
expect_rc "evt-token verifies PyJWT's tokens" 0
[[ $(jq -r '.claims.sub' "$TMP/out" | tr '\n' ' ') == "from-pyjwt hs-from-pyjwt " ]] || fail "claims: $(cat "$TMP/out")"
[[ $(jq -r '.alg' "$TMP/out" | tr '\n' ' ') == "EdDSA HS256 " ]] || fail "algs: $(cat "$TMP/out")"
if [[ -n ${EVT_SCHEMA:-} ]]; then "$EVT_SCHEMA" validate "$TMP/out" || fail "verdicts do not match their schema"; fi

# A gate with only the public set: EdDSA verifies; HS256 is not even allowed,
# as no key of the set admits it.
"$bin" jwks >"$TMP/gate-jwks.json"
run env EVT_STATE_DIR="$TMP/gate-state" "$bin" verify --aud gate-a --jwks "$TMP/gate-jwks.json" <"$TMP/pyjwt-tokens"
expect_rc "a gate with the public set" 1
[[ $(jq -r '.reason' "$TMP/out" | tr '\n' ' ') == "ok alg_not_allowed " ]] || fail "gate verdicts: $(cat "$TMP/out")"
[[ ! -e $TMP/gate-state ]] || fail "verifying with --jwks created a state directory"
echo "token_interop_pyjwt: ok"
