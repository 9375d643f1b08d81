// Keys as JSON Web Keys (RFC 7517): OKP/Ed25519 (RFC 8037) and oct (HS256).
// Reading takes a parsed JSON object; errors name the member, e.g.
// "\"x\": expected 32 bytes for an Ed25519 key, got 31".
#pragma once

#include <string>

#include "common/status.h"
#include "common/value.h"
#include "tools/token/key.h"

namespace evt::token {

// Why a well-formed JWK is one evt-token cannot use ("kty \"RSA\" is not
// supported", "\"crv\": \"Ed448\" is not supported", "\"use\": \"enc\" is
// not a signature key", an "alg" no evt algorithm matches), or "" when it
// is usable. A key set skips such keys. REQUIRES: jwk is an object whose
// "kty" is a string.
std::string UnsupportedJwkReason(const Value& jwk);

// A key from a JWK: "kty":"OKP","crv":"Ed25519" with "x" (and "d" for a
// private key, which must match "x"), or "kty":"oct" with "k" of at least
// 32 bytes. "kid", when present, must be a string; when absent the kid is
// the RFC 7638 thumbprint. An "alg" present must be one the key admits.
// Unsupported keys fail too (DataErr), with UnsupportedJwkReason's text.
Result<Key> KeyFromJwk(const Value& jwk);

// {"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"use":"sig"}: what a JWKS
// publishes. Fails (Usage) for an HS256 secret, which has no public form.
Result<Value> PublicJwk(const Key& key);

// The JWK with its secret ("d" for Ed25519, "k" for HS256). A separate,
// explicit call so that exporting a private key is never an accident.
Result<Value> PrivateJwk(const Key& key);

}  // namespace evt::token
