#include "tools/token/header_check.h"
#include "common/quoted.h"

#include <algorithm>
#include <cctype>


namespace evt::token {
namespace {

Verdict Malformed(std::string_view member, std::string_view expected, const Value& got) {
  return Verdict::Fail(Reason::kMalformed, "header \"" + std::string(member) + "\": expected " +
                                               std::string(expected) + ", got " + std::string(got.type_name()));
}

std::string AllowedList(const std::vector<Alg>& algorithms) {
  std::string out;
  for (Alg alg : algorithms) out += (out.empty() ? "" : ", ") + std::string(AlgName(alg));
  return out.empty() ? "none configured" : out;
}

Verdict CheckAlg(const Value& header, const HeaderPolicy& policy, HeaderFacts& facts) {
  const Value* alg = header.find("alg");
  if (alg == nullptr) return Verdict::Fail(Reason::kMalformed, "header \"alg\": missing");
  if (!alg->is_string()) return Malformed("alg", "a string", *alg);
  std::optional<Alg> parsed = ParseAlg(alg->as_string());
  if (!parsed) {
    return Verdict::Fail(Reason::kAlgNotAllowed, "header \"alg\": " + QuotedForMessage(alg->as_string()) +
                                                     " is not supported (allowed: " + AllowedList(policy.algorithms) + ")");
  }
  if (std::find(policy.algorithms.begin(), policy.algorithms.end(), *parsed) == policy.algorithms.end()) {
    return Verdict::Fail(Reason::kAlgNotAllowed, "header \"alg\": " + QuotedForMessage(alg->as_string()) +
                                                     " is not allowed (allowed: " + AllowedList(policy.algorithms) + ")");
  }
  facts.alg = *parsed;
  return Verdict();
}

// RFC 7515 §4.1.11: names the specifications define must not be listed.
bool IsRegisteredHeaderName(std::string_view name) {
  static constexpr std::string_view kNames[] = {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
                                                "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv",
                                                "iv", "tag", "p2s", "p2c"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

Verdict CheckCrit(const Value& header) {
  const Value* crit = header.find("crit");
  if (crit == nullptr) return Verdict();
  if (!crit->is_array() || crit->as_array().empty()) return Malformed("crit", "a non-empty array of strings", *crit);
  for (const Value& name : crit->as_array()) {
    if (!name.is_string()) return Malformed("crit", "a non-empty array of strings", *crit);
    if (IsRegisteredHeaderName(name.as_string())) {
      return Verdict::Fail(Reason::kMalformed,
                           "header \"crit\": lists " + QuotedForMessage(name.as_string()) + ", which is not an extension");
    }
  }
  return Verdict::Fail(Reason::kUnsupportedCrit, "header \"crit\": extension " +
                                                     QuotedForMessage(crit->as_array().front().as_string()) +
                                                     " is not understood");
}

std::string NormalType(std::string_view typ) {
  std::string out;
  for (char c : typ) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::string_view kPrefix = "application/";
  if (out.rfind(kPrefix, 0) == 0 && out.find('/', kPrefix.size()) == std::string::npos) out.erase(0, kPrefix.size());
  return out;
}

Verdict CheckTyp(const Value& header, const HeaderPolicy& policy) {
  const Value* typ = header.find("typ");
  if (typ != nullptr && !typ->is_string()) return Malformed("typ", "a string", *typ);
  if (!policy.typ) return Verdict();
  if (typ == nullptr) {
    return Verdict::Fail(Reason::kWrongType, "header \"typ\": missing; expected " + QuotedForMessage(*policy.typ));
  }
  if (NormalType(typ->as_string()) == NormalType(*policy.typ)) return Verdict();
  return Verdict::Fail(Reason::kWrongType,
                       "header \"typ\": " + QuotedForMessage(typ->as_string()) + ", expected " + QuotedForMessage(*policy.typ));
}

}  // namespace

Verdict CheckHeader(const Value& header, const HeaderPolicy& policy, HeaderFacts& facts) {
  if (!header.is_object()) {
    return Verdict::Fail(Reason::kMalformed, "header: expected an object, got " + std::string(header.type_name()));
  }
  Verdict v = CheckAlg(header, policy, facts);
  if (v.ok()) v = CheckCrit(header);
  if (v.ok()) v = CheckTyp(header, policy);
  if (!v.ok()) return v;
  const Value* kid = header.find("kid");
  if (kid != nullptr && !kid->is_string()) return Malformed("kid", "a string", *kid);
  facts.kid = kid != nullptr ? &kid->as_string() : nullptr;
  return Verdict();
}

}  // namespace evt::token
