#include "tools/token/verifier.h"

#include <utility>

#include "common/quoted.h"
#include "tools/token/jws.h"

namespace evt::token {
namespace {

// A token parsed and its header checked, with the verdict so far.
struct Checked {
  Verdict verdict;
  DecodedJws jws;
  HeaderFacts facts;
};

Checked ParseAndCheckHeader(std::string_view token, const HeaderPolicy& policy, JsonParser& parser,
                            HeaderCache* cache = nullptr) {
  Checked c;
  Result<DecodedJws> decoded = cache ? DecodeCompact(token, parser, *cache) : DecodeCompact(token, parser);
  if (!decoded.ok()) {
    c.verdict = Verdict::Fail(Reason::kMalformed, decoded.status().message());
    return c;
  }
  c.jws = std::move(*decoded);
  c.verdict = CheckHeader(c.jws.header, policy, c.facts);
  return c;
}

Verdict CheckSignature(const DecodedJws& jws, Alg alg, const Key& key) {
  if (!key.Admits(alg)) {
    return Verdict::Fail(Reason::kAlgNotAllowed, "header \"alg\": \"" + std::string(AlgName(alg)) +
                                                     "\" cannot be used with key " + QuotedForMessage(key.kid()) + ", " +
                                                     std::string(key.kind_name()));
  }
  if (!key.Verify(alg, jws.signing_input, jws.signature)) {
    return Verdict::Fail(Reason::kBadSignature, "signature: does not verify under key " + QuotedForMessage(key.kid()));
  }
  return Verdict();
}

Verdict CheckPayloadClaims(std::string& payload, const ClaimsPolicy& policy, TimePoint now, JsonParser& parser) {
  Result<Value> claims = ParseDecodedJson(payload, "claims", parser);
  if (!claims.ok()) return Verdict::Fail(Reason::kMalformed, claims.status().message());
  Verdict v = CheckClaims(*claims, policy, now);
  if (v.ok()) v.claims = std::move(*claims);
  return v;
}

Verdict WithHeader(Checked& c) {
  c.verdict.header = std::move(c.jws.header);
  return std::move(c.verdict);
}

// Signature, then claims, with what is known recorded on the verdict.
Verdict Finish(Checked& c, const Key& key, const VerifyOptions& options, TimePoint now, JsonParser& parser) {
  c.verdict = CheckSignature(c.jws, c.facts.alg, key);
  if (c.verdict.ok()) c.verdict = CheckPayloadClaims(c.jws.payload, options.claims, now, parser);
  c.verdict.kid = key.kid();
  return WithHeader(c);
}

// The key the header's kid names, or why there is none.
const Key* FindKey(Checked& c, const KeySet& keys) {
  if (c.facts.kid == nullptr) {
    c.verdict = Verdict::Fail(Reason::kMissingKid, "header \"kid\": missing; a key set needs it to pick the key");
    return nullptr;
  }
  const Key* key = keys.Find(*c.facts.kid);
  if (key == nullptr) {
    c.verdict = Verdict::Fail(Reason::kUnknownKid, "header \"kid\": " + QuotedForMessage(*c.facts.kid) + " names no known key");
    c.verdict.kid = *c.facts.kid;
  }
  return key;
}

}  // namespace

Verdict TokenVerifier::Verify(std::string_view token, const KeySet& keys, TimePoint now) {
  Checked c = ParseAndCheckHeader(token, options_.header, parser_, &header_cache_);
  if (!c.verdict.ok()) return WithHeader(c);
  const Key* key = FindKey(c, keys);
  if (key == nullptr) return WithHeader(c);
  return Finish(c, *key, options_, now, parser_);
}

Verdict TokenVerifier::VerifyWithKey(std::string_view token, const Key& key, TimePoint now) {
  Checked c = ParseAndCheckHeader(token, options_.header, parser_, &header_cache_);
  if (!c.verdict.ok()) return WithHeader(c);
  return Finish(c, key, options_, now, parser_);
}

Verdict VerifyToken(std::string_view token, const KeySet& keys, const VerifyOptions& options, TimePoint now) {
  return TokenVerifier(options).Verify(token, keys, now);
}

Verdict VerifyTokenWithKey(std::string_view token, const Key& key, const VerifyOptions& options, TimePoint now) {
  return TokenVerifier(options).VerifyWithKey(token, key, now);
}

Verdict VerifyJws(std::string_view token, const Key& key, const HeaderPolicy& policy, std::string& payload) {
  JsonParser parser;
  Checked c = ParseAndCheckHeader(token, policy, parser);
  if (c.verdict.ok()) c.verdict = CheckSignature(c.jws, c.facts.alg, key);
  if (c.verdict.ok()) {
    c.verdict.kid = key.kid();
    payload = std::move(c.jws.payload);
  }
  return WithHeader(c);
}

}  // namespace evt::token
