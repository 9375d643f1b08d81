// Checks of a JWS protected header before any key is touched: the
// algorithm against an allowlist, "crit", and optionally "typ". Header
// members that name keys ("jwk", "jku", "x5u", "x5c", "x5t") are never
// read: a token does not get to choose the key that verifies it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/value.h"
#include "tools/token/algorithm.h"
#include "tools/token/verdict.h"

namespace evt::token {

struct HeaderPolicy {
  // Accepted "alg" values. "none" is not an Alg and so never accepted.
  std::vector<Alg> algorithms{Alg::kEdDSA, Alg::kEd25519};
  // When set, "typ" must equal it, ignoring case and an "application/"
  // prefix (RFC 7515 §4.1.9), e.g. "evt-ticket+jwt".
  std::optional<std::string> typ;
};

// What a checked header tells the verifier.
struct HeaderFacts {
  Alg alg = Alg::kEdDSA;
  const std::string* kid = nullptr;  // into the header; null when absent
};

// Fails with malformed (not an object; "alg", "kid", "typ" or "crit" of the
// wrong type), alg_not_allowed ("none", unknown, or not in the allowlist),
// unsupported_crit (evt implements no JWS extensions, so any "crit" list
// that is well formed names one it does not understand) or wrong_type. On
// success fills `facts`, which points into `header`.
Verdict CheckHeader(const Value& header, const HeaderPolicy& policy, HeaderFacts& facts);

}  // namespace evt::token
