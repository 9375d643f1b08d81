#include "tools/token/header_check.h"

#include <catch2/catch.hpp>

using evt::Value;
using evt::token::Alg;
using evt::token::CheckHeader;
using evt::token::HeaderFacts;
using evt::token::HeaderPolicy;
using evt::token::ReasonName;

namespace {

evt::token::Verdict Check(const Value& header, const HeaderPolicy& policy = HeaderPolicy()) {
  HeaderFacts facts;
  return CheckHeader(header, policy, facts);
}

std::string ReasonOf(const Value& header, const HeaderPolicy& policy = HeaderPolicy()) {
  return std::string(ReasonName(Check(header, policy).reason));
}

}  // namespace

TEST_CASE("token header: EdDSA and Ed25519 pass by default, with the kid reported", "[token]") {
  HeaderFacts facts;
  Value header = Value::object({{"alg", "EdDSA"}, {"kid", "k1"}, {"typ", "JWT"}});
  REQUIRE(CheckHeader(header, HeaderPolicy(), facts).ok());
  CHECK(facts.alg == Alg::kEdDSA);
  REQUIRE(facts.kid != nullptr);
  CHECK(*facts.kid == "k1");
  Value ed = Value::object({{"alg", "Ed25519"}});
  REQUIRE(CheckHeader(ed, HeaderPolicy(), facts).ok());
  CHECK(facts.alg == Alg::kEd25519);
  CHECK(facts.kid == nullptr);
}

TEST_CASE("token header: alg none is never allowed, in any spelling", "[token]") {
  HeaderPolicy everything;
  everything.algorithms = {Alg::kEdDSA, Alg::kEd25519, Alg::kHS256};
  for (const char* none : {"none", "None", "NONE", "nOnE", ""}) {
    INFO(none);
    CHECK(ReasonOf(Value::object({{"alg", none}}), everything) == "alg_not_allowed");
  }
  CHECK(Check(Value::object({{"alg", "none"}}), everything).detail ==
        "header \"alg\": \"none\" is not supported (allowed: EdDSA, Ed25519, HS256)");
}

TEST_CASE("token header: algorithms outside the allowlist are refused", "[token]") {
  CHECK(ReasonOf(Value::object({{"alg", "HS256"}})) == "alg_not_allowed");
  CHECK(Check(Value::object({{"alg", "HS256"}})).detail ==
        "header \"alg\": \"HS256\" is not allowed (allowed: EdDSA, Ed25519)");
  CHECK(ReasonOf(Value::object({{"alg", "RS256"}})) == "alg_not_allowed");
  CHECK(ReasonOf(Value::object({{"alg", "eddsa"}})) == "alg_not_allowed");
  HeaderPolicy hs_only;
  hs_only.algorithms = {Alg::kHS256};
  CHECK(ReasonOf(Value::object({{"alg", "HS256"}}), hs_only) == "ok");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}}), hs_only) == "alg_not_allowed");
  HeaderPolicy nothing;
  nothing.algorithms = {};
  CHECK(Check(Value::object({{"alg", "EdDSA"}}), nothing).detail ==
        "header \"alg\": \"EdDSA\" is not allowed (allowed: none configured)");
}

TEST_CASE("token header: missing or mistyped alg, kid and typ are malformed", "[token]") {
  CHECK(Check(Value::object({})).detail == "header \"alg\": missing");
  CHECK(ReasonOf(Value::object({{"alg", 1}})) == "malformed");
  CHECK(Check(Value::object({{"alg", "EdDSA"}, {"kid", 5}})).detail == "header \"kid\": expected a string, got an integer");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"typ", Value::array()}})) == "malformed");
  CHECK(Check(Value::array()).detail == "header: expected an object, got an array");
}

TEST_CASE("token header: any crit extension is refused as unsupported", "[token]") {
  Value header = Value::object({{"alg", "EdDSA"}, {"crit", Value::array({"exp"})}, {"exp", 1}});
  CHECK(ReasonOf(header) == "unsupported_crit");
  CHECK(Check(header).detail == "header \"crit\": extension \"exp\" is not understood");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"crit", Value::array({"b64"})}, {"b64", false}})) ==
        "unsupported_crit");
}

TEST_CASE("token header: a crit that is not a list of extension names is malformed", "[token]") {
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"crit", Value::array()}})) == "malformed");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"crit", "exp"}})) == "malformed");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"crit", Value::array({1})}})) == "malformed");
  CHECK(Check(Value::object({{"alg", "EdDSA"}, {"crit", Value::array({"alg"})}})).detail ==
        "header \"crit\": lists \"alg\", which is not an extension");
}

TEST_CASE("token header: an expected typ matches case-insensitively with or without application/", "[token]") {
  HeaderPolicy policy;
  policy.typ = "evt-ticket+jwt";
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"typ", "evt-ticket+jwt"}}), policy) == "ok");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"typ", "application/EVT-Ticket+JWT"}}), policy) == "ok");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}, {"typ", "evt-purchase+jwt"}}), policy) == "wrong_type");
  CHECK(ReasonOf(Value::object({{"alg", "EdDSA"}}), policy) == "wrong_type");
  CHECK(Check(Value::object({{"alg", "EdDSA"}, {"typ", "JWT"}}), policy).detail ==
        "header \"typ\": \"JWT\", expected \"evt-ticket+jwt\"");
}

TEST_CASE("token header: key-naming members are ignored, never an error or a key", "[token]") {
  HeaderFacts facts;
  Value header = Value::object({{"alg", "EdDSA"},
                                {"jwk", Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}})},
                                {"jku", "https://evil.example/jwks.json"},
                                {"x5u", "https://evil.example/cert.pem"},
                                {"x5c", Value::array({"MIIB"})}});
  REQUIRE(CheckHeader(header, HeaderPolicy(), facts).ok());
  CHECK(facts.kid == nullptr);
}
