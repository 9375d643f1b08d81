// Signs JWT claims as a compact JWS, adding what every evt token carries:
// "iat", "exp" and a "jti" of 128 random bits in the claims, "kid" in the
// header.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/value.h"
#include "tools/token/algorithm.h"
#include "tools/token/claims_check.h"
#include "tools/token/key.h"

namespace evt::token {

struct SignOptions {
  // Lifetime: exp = iat + ttl. Must be positive.
  std::chrono::seconds ttl{15 * 60};
  // Defaults to the key's: "EdDSA" for Ed25519 (what deployed verifiers
  // know), "HS256" for a secret. "Ed25519" (RFC 9864) on request.
  std::optional<Alg> alg;
  // The header "typ", e.g. "evt-ticket+jwt"; none when unset.
  std::optional<std::string> typ;
};

// A fresh "jti": 16 bytes from the system's random generator, base64url
// (22 characters). Fails (Internal) when no randomness is available.
Result<std::string> NewJti();

// Signs `claims` (an object) with `key` at `now`. Adds "iat" (now, whole
// seconds), "exp" (iat + ttl) and "jti" unless the claims already carry
// them, in which case they must be a number, a number and a string. The
// header is {"alg", "typ"?, "kid"}. Fails with Usage when the key cannot
// sign (a public key, an alg it does not admit) or ttl is not positive,
// DataErr when the claims are not an object or carry a mistyped claim.
Result<std::string> SignToken(Value claims, const Key& key, const SignOptions& options, TimePoint now);

}  // namespace evt::token
