#include "tools/token/claims_check.h"

#include <catch2/catch.hpp>

using evt::Value;
using evt::token::CheckClaims;
using evt::token::ClaimsPolicy;
using evt::token::Reason;
using evt::token::ReasonName;
using evt::TimePoint;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;  // seconds; 2027-01-15

TimePoint At(std::int64_t seconds, std::int64_t millis = 0) {
  return TimePoint(std::chrono::milliseconds(seconds * 1000 + millis));
}

std::string ReasonAt(const Value& claims, const ClaimsPolicy& policy, TimePoint now = At(kNow)) {
  return std::string(ReasonName(CheckClaims(claims, policy, now).reason));
}

std::string Detail(const Value& claims, const ClaimsPolicy& policy, TimePoint now = At(kNow)) {
  return CheckClaims(claims, policy, now).detail;
}

}  // namespace

TEST_CASE("token claims: a fresh token with matching iss and aud passes", "[token]") {
  ClaimsPolicy policy;
  policy.issuers = {"popup-berlin-01"};
  policy.audiences = {"gate"};
  Value claims = Value::object({{"iss", "popup-berlin-01"}, {"aud", "gate"}, {"sub", "ticket-17"},
                                {"iat", kNow - 10}, {"exp", kNow + 600}, {"jti", "abc"}});
  auto v = CheckClaims(claims, policy, At(kNow));
  CHECK(v.ok());
  CHECK(v.detail.empty());
}

TEST_CASE("token claims: exp is rejected from exp + leeway on, to the millisecond", "[token]") {
  ClaimsPolicy policy;  // leeway 30 s by default
  Value claims = Value::object({{"exp", kNow}});
  CHECK(ReasonAt(claims, policy, At(kNow + 29, 999)) == "ok");
  CHECK(ReasonAt(claims, policy, At(kNow + 30)) == "expired");
  CHECK(Detail(claims, policy, At(kNow + 42)) == "\"exp\": expired at 2027-01-15T08:00:00.000Z, 42 s ago (leeway 30 s)");
  policy.leeway = std::chrono::seconds(0);
  CHECK(ReasonAt(claims, policy, At(kNow - 1, 999)) == "ok");
  CHECK(ReasonAt(claims, policy, At(kNow)) == "expired");  // now == exp is too late
}

TEST_CASE("token claims: fractional NumericDates compare exactly", "[token]") {
  ClaimsPolicy policy;
  policy.leeway = std::chrono::seconds(0);
  Value claims = Value::object({{"exp", static_cast<double>(kNow) + 0.5}});
  CHECK(ReasonAt(claims, policy, At(kNow, 499)) == "ok");
  CHECK(ReasonAt(claims, policy, At(kNow, 500)) == "expired");
}

TEST_CASE("token claims: nbf in the future beyond leeway is not_yet_valid", "[token]") {
  ClaimsPolicy policy;
  Value claims = Value::object({{"nbf", kNow + 30}});
  CHECK(ReasonAt(claims, policy) == "ok");
  Value later = Value::object({{"nbf", kNow + 31}});
  CHECK(ReasonAt(later, policy) == "not_yet_valid");
  CHECK(Detail(later, policy) == "\"nbf\": not valid until 2027-01-15T08:00:31.000Z, 31 s from now (leeway 30 s)");
}

TEST_CASE("token claims: iat in the future beyond leeway is issued_in_future", "[token]") {
  ClaimsPolicy policy;
  CHECK(ReasonAt(Value::object({{"iat", kNow + 30}}), policy) == "ok");
  Value future = Value::object({{"iat", kNow + 31}});
  CHECK(ReasonAt(future, policy) == "issued_in_future");
  CHECK(Detail(future, policy) == "\"iat\": issued at 2027-01-15T08:00:31.000Z, 31 s in the future (leeway 30 s)");
  policy.leeway = std::chrono::seconds(0);
  CHECK(ReasonAt(Value::object({{"iat", kNow + 1}}), policy) == "issued_in_future");
}

TEST_CASE("token claims: exp, nbf and iat that are not numbers are malformed", "[token]") {
  ClaimsPolicy policy;
  for (const char* name : {"exp", "nbf", "iat"}) {
    for (const Value& bad : {Value("1800000000"), Value(true), Value(nullptr), Value::array({kNow}),
                             Value::object({{"t", kNow}})}) {
      Value claims = Value::object({{name, bad}});
      INFO(name << " as " << bad.type_name());
      CHECK(ReasonAt(claims, policy) == "malformed");
    }
  }
  CHECK(Detail(Value::object({{"exp", "1800000000"}}), policy) ==
        "\"exp\": expected a NumericDate (seconds since 1970 from 0 to 253402300799, the end of 9999), got a string");
}

TEST_CASE("token claims: iss, sub, jti and aud of the wrong type are malformed", "[token]") {
  ClaimsPolicy policy;
  CHECK(Detail(Value::object({{"iss", 5}}), policy) == "\"iss\": expected a string, got an integer");
  CHECK(ReasonAt(Value::object({{"sub", Value::array()}}), policy) == "malformed");
  CHECK(ReasonAt(Value::object({{"jti", 12345}}), policy) == "malformed");
  CHECK(Detail(Value::object({{"aud", Value::array({"gate", 7})}}), policy) ==
        "\"aud\": expected a string or an array of strings, got an array");
  CHECK(ReasonAt(Value("claims"), policy) == "malformed");
}

TEST_CASE("token claims: wrong or missing issuer", "[token]") {
  ClaimsPolicy policy;
  policy.issuers = {"popup-berlin-01"};
  CHECK(ReasonAt(Value::object({{"iss", "popup-berlin-01"}}), policy) == "ok");
  Value wrong = Value::object({{"iss", "mallory\n"}});
  CHECK(ReasonAt(wrong, policy) == "wrong_issuer");
  CHECK(Detail(wrong, policy) == "\"iss\": \"mallory\\u000a\" is not an accepted issuer (\"popup-berlin-01\")");
  CHECK(ReasonAt(Value::object({}), policy) == "missing_claim");
  CHECK(Detail(Value::object({}), policy) == "\"iss\": missing; an issuer is required");
}

TEST_CASE("token claims: audience as a string or an array must name us", "[token]") {
  ClaimsPolicy policy;
  policy.audiences = {"gate"};
  CHECK(ReasonAt(Value::object({{"aud", "gate"}}), policy) == "ok");
  CHECK(ReasonAt(Value::object({{"aud", Value::array({"shop", "gate"})}}), policy) == "ok");
  CHECK(ReasonAt(Value::object({{"aud", "shop"}}), policy) == "wrong_audience");
  CHECK(Detail(Value::object({{"aud", Value::array({"shop", "bar"})}}), policy) ==
        "\"aud\": \"shop\" (and others) does not name this audience (\"gate\")");
  CHECK(ReasonAt(Value::object({{"aud", Value::array()}}), policy) == "wrong_audience");
  CHECK(ReasonAt(Value::object({}), policy) == "missing_claim");
}

TEST_CASE("token claims: a token with aud is refused when no audience is configured", "[token]") {
  ClaimsPolicy policy;
  Value claims = Value::object({{"aud", "gate"}});
  CHECK(ReasonAt(claims, policy) == "wrong_audience");
  CHECK(Detail(claims, policy) == "\"aud\": the token is for \"gate\" but no audience is configured");
  CHECK(ReasonAt(Value::object({}), policy) == "ok");
}

TEST_CASE("token claims: required claims must be present", "[token]") {
  ClaimsPolicy policy;
  policy.required = {"sub", "jti"};
  CHECK(ReasonAt(Value::object({{"sub", "s"}, {"jti", "j"}}), policy) == "ok");
  CHECK(ReasonAt(Value::object({{"sub", "s"}}), policy) == "missing_claim");
  CHECK(Detail(Value::object({{"sub", "s"}}), policy) == "\"jti\": required claim is missing");
}

TEST_CASE("token claims: max age needs iat and bounds it", "[token]") {
  ClaimsPolicy policy;
  policy.max_age = std::chrono::seconds(3600);
  CHECK(ReasonAt(Value::object({{"iat", kNow - 3630}}), policy) == "ok");
  CHECK(ReasonAt(Value::object({{"iat", kNow - 3631}}), policy) == "too_old");
  CHECK(Detail(Value::object({{"iat", kNow - 4000}}), policy) ==
        "\"iat\": issued at 2027-01-15T06:53:20.000Z, 4000 s ago, over the maximum age of 3600 s (leeway 30 s)");
  CHECK(ReasonAt(Value::object({{"exp", kNow + 10}}), policy) == "missing_claim");
}

TEST_CASE("token claims: checks run in the documented order", "[token]") {
  ClaimsPolicy policy;
  policy.issuers = {"us"};
  policy.audiences = {"gate"};
  // Expired, wrong audience and wrong issuer at once: the issuer is named.
  Value claims = Value::object({{"iss", "them"}, {"aud", "shop"}, {"exp", kNow - 100}});
  CHECK(ReasonAt(claims, policy) == "wrong_issuer");
  claims.set("iss", "us");
  CHECK(ReasonAt(claims, policy) == "wrong_audience");
  claims.set("aud", "gate");
  CHECK(ReasonAt(claims, policy) == "expired");
  claims.set("exp", "soon");
  CHECK(ReasonAt(claims, policy) == "malformed");
}

TEST_CASE("token claims: absurd dates do not overflow, and do not pass as dates", "[token]") {
  ClaimsPolicy policy;
  CHECK(ReasonAt(Value::object({{"exp", 1e300}}), policy) == "malformed");
  CHECK(ReasonAt(Value::object({{"exp", -1e300}}), policy) == "malformed");
  CHECK(ReasonAt(Value::object({{"exp", std::uint64_t{18'000'000'000'000'000'000u}}}), policy) == "malformed");
  CHECK(ReasonAt(Value::object({{"nbf", INT64_MAX}}), policy) == "malformed");
  CHECK(ReasonAt(Value::object({{"iat", 1e300}}), policy) == "malformed");
  CHECK(Detail(Value::object({{"nbf", INT64_MAX}}), policy) ==
        "\"nbf\": expected a NumericDate (seconds since 1970 from 0 to 253402300799, the end of 9999), "
        "got 9223372036854776000");
}

TEST_CASE("token claims: a negative leeway or non-positive max age is a usage error", "[token]") {
  ClaimsPolicy policy;
  CHECK(evt::token::ValidateClaimsPolicy(policy).ok());
  policy.leeway = std::chrono::seconds(-1);
  CHECK(evt::token::ValidateClaimsPolicy(policy).code() == evt::ExitCode::kUsage);
  policy.leeway = std::chrono::seconds(0);
  policy.max_age = std::chrono::seconds(0);
  CHECK_FALSE(evt::token::ValidateClaimsPolicy(policy).ok());
}

TEST_CASE("token verdict: reason names round-trip and are the documented ones", "[token]") {
  using evt::token::ParseReason;
  for (const char* name : {"ok", "malformed", "bad_signature", "unknown_kid", "alg_not_allowed", "expired",
                           "not_yet_valid", "issued_in_future", "wrong_audience", "wrong_issuer", "missing_claim",
                           "missing_kid", "unsupported_crit", "wrong_type", "too_old"}) {
    auto reason = ParseReason(name);
    REQUIRE(reason.has_value());
    CHECK(ReasonName(*reason) == name);
  }
  CHECK_FALSE(ParseReason("none").has_value());
}

TEST_CASE("token claims: one NumericDate rule, however the number is written", "[token]") {
  ClaimsPolicy policy;
  for (const Value& far : {Value(1e20), Value(1e300), Value(std::uint64_t{18446744073709551615u}),
                           Value(253402300800.0), Value(-1)}) {
    Value claims = Value::object({{"exp", far}});
    CAPTURE(Detail(claims, policy));
    CHECK(ReasonAt(claims, policy) == "malformed");
  }
  CHECK(Detail(Value::object({{"exp", 1e300}}), policy) ==
        "\"exp\": expected a NumericDate (seconds since 1970 from 0 to 253402300799, the end of 9999), got 1e+300");
  CHECK(Detail(Value::object({{"nbf", 1e20}}), policy).rfind("\"nbf\": expected a NumericDate", 0) == 0);
  CHECK(Detail(Value::object({{"iat", "soon"}}), policy).find("got a string") != std::string::npos);
  // The last second of 9999 is a date; 1e3 is a (long past) one.
  CHECK(ReasonAt(Value::object({{"exp", 253402300799.0}}), policy) == "ok");
  CHECK(ReasonAt(Value::object({{"exp", 1e3}}), policy) == "expired");
}
