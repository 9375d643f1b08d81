// Verifies JWS/JWT tokens, one verdict per token, in a fixed order:
//   parse (malformed) -> header: alg allowlist, crit, typ (alg_not_allowed,
//   unsupported_crit, wrong_type) -> key by kid (missing_kid, unknown_kid)
//   -> algorithm bound to the key (alg_not_allowed) -> signature
//   (bad_signature) -> claims (malformed, missing_claim, wrong_issuer,
//   wrong_audience, expired, not_yet_valid, issued_in_future, too_old).
// The payload is not parsed until its signature holds, and the claims of a
// token that failed are never returned.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "common/json_parse.h"
#include "common/time_format.h"
#include "tools/token/claims_check.h"
#include "tools/token/header_check.h"
#include "tools/token/jws.h"
#include "tools/token/key.h"
#include "tools/token/key_set.h"
#include "tools/token/verdict.h"

namespace evt::token {

struct VerifyOptions {
  HeaderPolicy header;
  ClaimsPolicy claims;
};

// For a stream of tokens: keeps its JSON parser between them. Not
// thread-safe (nor are the HS256 keys it uses): one per thread.
class TokenVerifier {
 public:
  // REQUIRES: ValidateClaimsPolicy(options.claims).ok().
  explicit TokenVerifier(VerifyOptions options) : options_(std::move(options)) {}

  const VerifyOptions& options() const { return options_; }

  // A JWT against a key set: the header must name the key by "kid"
  // (missing_kid otherwise), and only that key is tried. On ok the verdict
  // holds the header, the kid and the claims.
  Verdict Verify(std::string_view token, const KeySet& keys, TimePoint now);

  // A JWT against the one key the caller chose; a "kid" in the header is
  // not consulted (the verdict reports the key's kid).
  Verdict VerifyWithKey(std::string_view token, const Key& key, TimePoint now);

 private:
  VerifyOptions options_;
  JsonParser parser_;
  HeaderCache header_cache_;
};

// One-off forms of TokenVerifier::Verify and VerifyWithKey.
Verdict VerifyToken(std::string_view token, const KeySet& keys, const VerifyOptions& options, TimePoint now);
Verdict VerifyTokenWithKey(std::string_view token, const Key& key, const VerifyOptions& options, TimePoint now);

// The JWS layer alone, for payloads that are not claims sets: parse,
// header, key binding and signature. On ok, `payload` receives the
// verified payload bytes and the verdict holds the header and the key's
// kid; claims stay null.
Verdict VerifyJws(std::string_view token, const Key& key, const HeaderPolicy& policy, std::string& payload);

}  // namespace evt::token
