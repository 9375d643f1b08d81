// The outcome of verifying one token: ok with its claims, or exactly one
// reason from a closed list and a sentence saying what was wrong. Reasons
// are stable names for records and scripts; the detail is for people.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/value.h"

namespace evt::token {

enum class Reason {
  kOk,
  kMalformed,        // not a compact JWS, bad base64url or JSON, duplicate
                     // members, a header or claim of the wrong type
  kAlgNotAllowed,    // alg "none", not in the allowlist, or not the key's
  kUnsupportedCrit,  // "crit" names an extension evt does not implement
  kWrongType,        // "typ" is not the expected token type
  kMissingKid,       // no "kid" while verifying against a key set
  kUnknownKid,       // "kid" names no key in the set
  kBadSignature,
  kMissingClaim,     // a required claim (or iss/aud/iat a check needs) is absent
  kWrongIssuer,
  kWrongAudience,
  kExpired,          // now >= exp + leeway
  kNotYetValid,      // now + leeway < nbf
  kIssuedInFuture,   // iat > now + leeway
  kTooOld,           // now - leeway > iat + max age
};

// The record name: "ok", "malformed", "alg_not_allowed", "unsupported_crit",
// "wrong_type", "missing_kid", "unknown_kid", "bad_signature",
// "missing_claim", "wrong_issuer", "wrong_audience", "expired",
// "not_yet_valid", "issued_in_future", "too_old".
std::string_view ReasonName(Reason reason);
std::optional<Reason> ParseReason(std::string_view name);

struct Verdict {
  Reason reason = Reason::kOk;
  // Empty when ok; else lowercase, naming the header member or claim, e.g.
  // "\"exp\": expired at 2026-11-23T08:15:00Z, 42 s before now".
  std::string detail;
  // What is known when the verdict is reached: the header once parsed, the
  // kid once found, the claims once the signature checked out (claims of a
  // token whose signature failed are never exposed).
  Value header;
  std::string kid;
  Value claims;

  bool ok() const { return reason == Reason::kOk; }
  static Verdict Fail(Reason reason, std::string detail);
};

}  // namespace evt::token
