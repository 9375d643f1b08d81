#include "tools/token/verdict.h"

#include <utility>

namespace evt::token {
namespace {

constexpr Reason kAllReasons[] = {
    Reason::kOk,           Reason::kMalformed,     Reason::kAlgNotAllowed, Reason::kUnsupportedCrit,
    Reason::kWrongType,    Reason::kMissingKid,    Reason::kUnknownKid,    Reason::kBadSignature,
    Reason::kMissingClaim, Reason::kWrongIssuer,   Reason::kWrongAudience, Reason::kExpired,
    Reason::kNotYetValid,  Reason::kIssuedInFuture, Reason::kTooOld,
};

}  // namespace

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kOk: return "ok";
    case Reason::kMalformed: return "malformed";
    case Reason::kAlgNotAllowed: return "alg_not_allowed";
    case Reason::kUnsupportedCrit: return "unsupported_crit";
    case Reason::kWrongType: return "wrong_type";
    case Reason::kMissingKid: return "missing_kid";
    case Reason::kUnknownKid: return "unknown_kid";
    case Reason::kBadSignature: return "bad_signature";
    case Reason::kMissingClaim: return "missing_claim";
    case Reason::kWrongIssuer: return "wrong_issuer";
    case Reason::kWrongAudience: return "wrong_audience";
    case Reason::kExpired: return "expired";
    case Reason::kNotYetValid: return "not_yet_valid";
    case Reason::kIssuedInFuture: return "issued_in_future";
    case Reason::kTooOld: return "too_old";
  }
  return "?";
}

std::optional<Reason> ParseReason(std::string_view name) {
  for (Reason reason : kAllReasons) {
    if (ReasonName(reason) == name) return reason;
  }
  return std::nullopt;
}

Verdict Verdict::Fail(Reason reason, std::string detail) {
  Verdict v;
  v.reason = reason;
  v.detail = std::move(detail);
  return v;
}

}  // namespace evt::token
