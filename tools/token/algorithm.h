// The JWS "alg" values evt-token speaks. "none" and every other value are
// not representable: parsing them fails, so they cannot be allowed.
#pragma once

#include <optional>
#include <string_view>

namespace evt::token {

enum class Alg {
  kEdDSA,    // RFC 8037 "EdDSA": what deployed verifiers know; the default.
  kEd25519,  // RFC 9864 "Ed25519": the fully specified name, accepted too.
  kHS256,    // RFC 7518 HMAC-SHA256, for gate-local ephemeral credentials.
};

// The exact, case-sensitive header value ("EdDSA", "Ed25519", "HS256").
std::string_view AlgName(Alg alg);

// nullopt for any other string, including "none" and "eddsa".
std::optional<Alg> ParseAlg(std::string_view name);

}  // namespace evt::token
