// The verifier tests' shared fixture: a signer's Ed25519 key, the gate's
// set holding only its public half, and a fixed "now".
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "tools/token/base64url.h"
#include "tools/token/signer.h"
#include "tools/token/verifier.h"

using evt::TimePoint;
using evt::Value;
using evt::token::Alg;
using evt::token::Base64UrlEncode;
using evt::token::Ed25519Key;
using evt::token::HmacKey;
using evt::token::Key;
using evt::token::KeySet;
using evt::token::ReasonName;
using evt::token::SignCompactRaw;
using evt::token::VerifyOptions;

namespace token_test {

inline constexpr std::int64_t kNow = 1'800'000'000;
inline constexpr const char* kClaims = R"({"iss":"popup-berlin-01","aud":"gate","exp":1800000600,"jti":"j1"})";

inline TimePoint Now() { return TimePoint(std::chrono::seconds(kNow)); }

inline Key NewEd25519(std::string kid) {
  auto key = Ed25519Key::Generate();
  REQUIRE(key.ok());
  return Key(*key, std::move(kid));
}

// A signer's key and the gate's set holding only its public half.
struct Fixture {
  Key signer = NewEd25519("2026-11");
  KeySet gate;
  VerifyOptions options;
  Fixture() {
    REQUIRE(gate.Add(*signer.PublicOnly()).ok());
    options.claims.issuers = {"popup-berlin-01"};
    options.claims.audiences = {"gate"};
  }
  std::string Sign(std::string_view header_json, std::string_view payload = kClaims, Alg alg = Alg::kEdDSA) {
    auto token = SignCompactRaw(header_json, payload, signer, alg);
    REQUIRE(token.ok());
    return *token;
  }
  evt::token::Verdict Verify(std::string_view token) { return VerifyToken(token, gate, options, Now()); }
  std::string ReasonOf(std::string_view token) { return std::string(ReasonName(Verify(token).reason)); }
};

inline std::string Unsigned(std::string_view header_json, std::string_view payload) {
  return Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload) + ".";
}

}  // namespace token_test

// The tests read as if the fixture were their own.
using namespace token_test;
