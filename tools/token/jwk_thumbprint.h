// JWK thumbprints (RFC 7638): base64url(SHA-256) of a canonical JSON object
// holding only a key type's required members, in lexicographic order and
// without whitespace. evt uses them as the default kid.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace evt::token {

// The canonical JSON an Ed25519 public key is hashed over:
// {"crv":"Ed25519","kty":"OKP","x":"<base64url x>"}.
std::string Ed25519ThumbprintInput(std::string_view public_bytes);
// The thumbprint of an Ed25519 key given its 32 public bytes.
std::string Ed25519Thumbprint(std::string_view public_bytes);
// The thumbprint of an HMAC secret: {"k":"<base64url k>","kty":"oct"}.
std::string OctThumbprint(std::string_view secret);

// The canonical thumbprint input of any JWK object whose kty is RSA (e, n),
// EC (crv, x, y), OKP (crv, x) or oct (k), so sets holding keys evt cannot
// use still get the kids other tools compute. Fails (DataErr) when kty is
// unknown or a required member is missing or not a string.
Result<std::string> JwkThumbprintInput(const Value& jwk);
Result<std::string> JwkThumbprint(const Value& jwk);

}  // namespace evt::token
