// The JWT claims checks a verifier applies after the signature holds
// (RFC 7519 §4.1, RFC 8725 §3.8-3.10). The time is a parameter: nothing
// here reads the system clock, so tests can stand at any instant.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/token/verdict.h"

namespace evt::token {

struct ClaimsPolicy {
  // Accepted "aud" values; the token's aud (a string or an array of
  // strings) must name one. Empty: no audience configured, and then a token
  // that carries an aud is refused, as RFC 7519 §4.1.3 requires.
  std::vector<std::string> audiences;
  // Accepted "iss" values; empty accepts any issuer.
  std::vector<std::string> issuers;
  // Tolerated clock skew, applied to exp, nbf and iat alike.
  std::chrono::seconds leeway{30};
  // Claims that must be present, whatever their value.
  std::vector<std::string> required;
  // When set, iat is required and may be at most this old.
  std::optional<std::chrono::seconds> max_age;
};

// A NumericDate evt takes (exp, nbf, iat): a number of seconds from 0 to
// 253402300799 (9999-12-31T23:59:59Z), fractions allowed. One rule for
// every way of writing it: 1e20 and 1e300 are both beyond it, so neither
// passes as "never expires".
inline constexpr double kMaxNumericDate = 253402300799.0;
bool IsNumericDate(const Value& v);
// "\"exp\": expected a NumericDate ..., got 1e+300": what a claim that is
// not one is told. REQUIRES: !IsNumericDate(v).
std::string NumericDateError(std::string_view claim, const Value& v);

// Usage error for a negative leeway or a max age that is not positive.
Status ValidateClaimsPolicy(const ClaimsPolicy& policy);

// Checks `claims` against `policy` at `now`, in this order: types of the
// registered claims (malformed: exp/nbf/iat must be NumericDates, iss/sub/jti
// strings, aud a string or an array of strings), required claims
// (missing_claim), iss (wrong_issuer), aud (wrong_audience), exp (expired at
// now >= exp + leeway), nbf (not_yet_valid), iat (issued_in_future), max age
// (too_old). Returns the first failure; only reason and detail are set.
// REQUIRES: ValidateClaimsPolicy(policy).ok().
Verdict CheckClaims(const Value& claims, const ClaimsPolicy& policy, TimePoint now);

}  // namespace evt::token
