#include "tools/token/jwk_thumbprint.h"

#include <catch2/catch.hpp>

#include "common/value.h"
#include "tools/token/base64url.h"

using evt::Value;
using evt::token::JwkThumbprint;
using evt::token::JwkThumbprintInput;

namespace {

// RFC 7638 section 3.1: the example RSA key and its thumbprint.
constexpr const char* kRfc7638N =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64"
    "tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91Cb"
    "OpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

}  // namespace

TEST_CASE("token thumbprint: the RFC 7638 3.1 RSA example", "[token]") {
  Value jwk = Value::object({{"kty", "RSA"}, {"n", kRfc7638N}, {"e", "AQAB"}, {"alg", "RS256"}, {"kid", "2011-04-29"}});
  auto input = JwkThumbprintInput(jwk);
  REQUIRE(input.ok());
  CHECK(*input == std::string("{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"") + kRfc7638N + "\"}");
  auto thumbprint = JwkThumbprint(jwk);
  REQUIRE(thumbprint.ok());
  CHECK(*thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST_CASE("token thumbprint: the RFC 8037 A.3 OKP example, members in canonical order", "[token]") {
  // Members deliberately out of order, plus ones the thumbprint ignores.
  Value jwk = Value::object({{"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}, {"kid", "ignored"},
                             {"kty", "OKP"}, {"crv", "Ed25519"}, {"use", "sig"}});
  auto input = JwkThumbprintInput(jwk);
  REQUIRE(input.ok());
  CHECK(*input == R"({"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  CHECK(*JwkThumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  auto x = evt::token::Base64UrlDecode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "x");
  REQUIRE(x.ok());
  CHECK(evt::token::Ed25519ThumbprintInput(*x) == *input);
  CHECK(evt::token::Ed25519Thumbprint(*x) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST_CASE("token thumbprint: oct keys hash k and kty only", "[token]") {
  Value jwk = Value::object({{"kty", "oct"}, {"k", "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}});
  auto input = JwkThumbprintInput(jwk);
  REQUIRE(input.ok());
  CHECK(*input == R"({"k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","kty":"oct"})");
  auto k = evt::token::Base64UrlDecode(jwk.find("k")->as_string(), "k");
  REQUIRE(k.ok());
  CHECK(evt::token::OctThumbprint(*k) == *JwkThumbprint(jwk));
}

TEST_CASE("token thumbprint: missing or mistyped members and unknown kty fail", "[token]") {
  auto missing = JwkThumbprint(Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}}));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "\"x\": missing");
  auto mistyped = JwkThumbprint(Value::object({{"kty", "oct"}, {"k", 5}}));
  REQUIRE_FALSE(mistyped.ok());
  CHECK(mistyped.status().message() == "\"k\": expected a string, got an integer");
  auto unknown = JwkThumbprint(Value::object({{"kty", "AKP"}}));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message() == "\"kty\": no thumbprint is defined for key type \"AKP\"");
  CHECK_FALSE(JwkThumbprint(Value::object({})).ok());
  CHECK_FALSE(JwkThumbprint(Value("not an object")).ok());
}
