#include "tools/token/signer.h"

#include <catch2/catch.hpp>

#include <set>

#include "tools/token/base64url.h"
#include "tools/token/jwk.h"
#include "tools/token/jwks.h"
#include "tools/token/jws.h"
#include "tools/token/verifier.h"

using evt::TimePoint;
using evt::Value;
using evt::token::Alg;
using evt::token::Ed25519Key;
using evt::token::HmacKey;
using evt::token::Key;
using evt::token::KeySet;
using evt::token::ReasonName;
using evt::token::SignOptions;
using evt::token::SignToken;
using evt::token::VerifyOptions;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

TimePoint At(std::int64_t seconds, std::int64_t millis = 0) {
  return TimePoint(std::chrono::milliseconds(seconds * 1000 + millis));
}

Key NewEd25519() {
  auto key = Ed25519Key::Generate();
  REQUIRE(key.ok());
  return Key(*key);
}

Value Ticket() { return Value::object({{"iss", "popup-berlin-01"}, {"aud", "gate"}, {"sub", "ticket-17"}}); }

VerifyOptions GateOptions() {
  VerifyOptions options;
  options.claims.issuers = {"popup-berlin-01"};
  options.claims.audiences = {"gate"};
  return options;
}

// The public set a gate would load, written and read back as JWKS.
KeySet PublishedSet(const Key& key) {
  KeySet ring;
  REQUIRE(ring.Add(key).ok());
  auto loaded = evt::token::JwksFromValue(evt::token::PublicJwks(ring), "jwks.json", evt::token::SecretKeys::kRefuse);
  REQUIRE(loaded.ok());
  return std::move(loaded->keys);
}

}  // namespace

TEST_CASE("token sign: EdDSA round trip through a published JWKS", "[token]") {
  Key key = NewEd25519();
  auto token = SignToken(Ticket(), key, SignOptions(), At(kNow, 750));
  REQUIRE(token.ok());
  auto v = VerifyToken(*token, PublishedSet(key), GateOptions(), At(kNow + 60));
  REQUIRE(ReasonName(v.reason) == "ok");
  CHECK(v.header == Value::object({{"alg", "EdDSA"}, {"kid", key.thumbprint()}}));
  CHECK(v.kid == key.thumbprint());
  CHECK(v.claims.find("sub")->as_string() == "ticket-17");
  CHECK(v.claims.find("iat")->as_int() == kNow);  // whole seconds, floored
  CHECK(v.claims.find("exp")->as_int() == kNow + 15 * 60);
  // Caller's claims first, in order, then what the signer adds.
  REQUIRE(v.claims.as_object().size() == 6);
  CHECK(v.claims.as_object()[0].first == "iss");
  CHECK(v.claims.as_object()[3].first == "iat");
  CHECK(v.claims.as_object()[5].first == "jti");
}

TEST_CASE("token sign: the token expires after its ttl", "[token]") {
  Key key = NewEd25519();
  SignOptions options;
  options.ttl = std::chrono::seconds(120);
  auto token = SignToken(Ticket(), key, options, At(kNow));
  REQUIRE(token.ok());
  KeySet set = PublishedSet(key);
  VerifyOptions gate = GateOptions();
  gate.claims.leeway = std::chrono::seconds(0);
  CHECK(ReasonName(VerifyToken(*token, set, gate, At(kNow + 119)).reason) == "ok");
  CHECK(ReasonName(VerifyToken(*token, set, gate, At(kNow + 120)).reason) == "expired");
}

TEST_CASE("token sign: jti is 128 random bits, different every time", "[token]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto jti = evt::token::NewJti();
    REQUIRE(jti.ok());
    CHECK(jti->size() == 22);
    auto bytes = evt::token::Base64UrlDecode(*jti, "jti");
    REQUIRE(bytes.ok());
    CHECK(bytes->size() == 16);
    seen.insert(*jti);
  }
  CHECK(seen.size() == 200);
  Key key = NewEd25519();
  auto a = evt::token::DecodeCompact(*SignToken(Ticket(), key, SignOptions(), At(kNow)));
  auto b = evt::token::DecodeCompact(*SignToken(Ticket(), key, SignOptions(), At(kNow)));
  CHECK(a->payload != b->payload);
}

TEST_CASE("token sign: alg Ed25519 and typ on request", "[token]") {
  Key key = NewEd25519();
  SignOptions options;
  options.alg = Alg::kEd25519;
  options.typ = "evt-ticket+jwt";
  auto token = SignToken(Ticket(), key, options, At(kNow));
  REQUIRE(token.ok());
  VerifyOptions gate = GateOptions();
  gate.header.typ = "evt-ticket+jwt";
  auto v = VerifyToken(*token, PublishedSet(key), gate, At(kNow));
  REQUIRE(ReasonName(v.reason) == "ok");
  CHECK(v.header == Value::object({{"alg", "Ed25519"}, {"typ", "evt-ticket+jwt"}, {"kid", key.kid()}}));
}

TEST_CASE("token sign: HS256 round trip with a gate-local secret", "[token]") {
  auto secret = HmacKey::Generate();
  REQUIRE(secret.ok());
  Key key(*secret, "gate-a-local");
  auto token = SignToken(Ticket(), key, SignOptions(), At(kNow));
  REQUIRE(token.ok());
  KeySet set;
  REQUIRE(set.Add(key).ok());
  VerifyOptions gate = GateOptions();
  gate.header.algorithms = {Alg::kHS256};
  auto v = VerifyToken(*token, set, gate, At(kNow));
  REQUIRE(ReasonName(v.reason) == "ok");
  CHECK(v.header.find("alg")->as_string() == "HS256");
  // The default allowlist (EdDSA, Ed25519) does not take HS256 tokens.
  CHECK(ReasonName(VerifyToken(*token, set, GateOptions(), At(kNow)).reason) == "alg_not_allowed");
}

TEST_CASE("token sign: claims the caller set are kept, if well typed", "[token]") {
  Key key = NewEd25519();
  Value claims = Ticket();
  claims.set("exp", kNow + 5);
  claims.set("jti", "order-991");
  auto token = SignToken(claims, key, SignOptions(), At(kNow));
  REQUIRE(token.ok());
  auto v = VerifyToken(*token, PublishedSet(key), GateOptions(), At(kNow));
  REQUIRE(v.ok());
  CHECK(v.claims.find("exp")->as_int() == kNow + 5);
  CHECK(v.claims.find("jti")->as_string() == "order-991");
  Value bad = Ticket();
  bad.set("exp", "tomorrow");
  auto refused = SignToken(bad, key, SignOptions(), At(kNow));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  CHECK(refused.status().message() ==
        "\"exp\": expected a NumericDate (seconds since 1970 from 0 to 253402300799, the end of 9999), got a string");
  bad.set("exp", 1e300);
  refused = SignToken(bad, key, SignOptions(), At(kNow));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == evt::ExitCode::kDataErr);
  bad = Ticket();
  bad.set("jti", 5);
  CHECK_FALSE(SignToken(bad, key, SignOptions(), At(kNow)).ok());
}

TEST_CASE("token sign: what cannot be signed is refused", "[token]") {
  Key key = NewEd25519();
  auto pub = key.PublicOnly();
  REQUIRE(pub.ok());
  auto public_sign = SignToken(Ticket(), *pub, SignOptions(), At(kNow));
  REQUIRE_FALSE(public_sign.ok());
  CHECK(public_sign.status().code() == evt::ExitCode::kUsage);
  SignOptions hs;
  hs.alg = Alg::kHS256;
  auto wrong_alg = SignToken(Ticket(), key, hs, At(kNow));
  REQUIRE_FALSE(wrong_alg.ok());
  CHECK(wrong_alg.status().code() == evt::ExitCode::kUsage);
  SignOptions zero;
  zero.ttl = std::chrono::seconds(0);
  CHECK(SignToken(Ticket(), key, zero, At(kNow)).status().code() == evt::ExitCode::kUsage);
  auto not_object = SignToken(Value::array({1}), key, SignOptions(), At(kNow));
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.status().message() == "claims: expected an object, got an array");
}

TEST_CASE("token sign: claims that cannot be JSON are refused, not signed", "[token]") {
  Key key = NewEd25519();
  Value claims = Ticket();
  claims.set("name", std::string("\xc3\x28"));  // invalid UTF-8
  auto token = SignToken(claims, key, SignOptions(), At(kNow));
  REQUIRE_FALSE(token.ok());
  CHECK(token.status().code() == evt::ExitCode::kDataErr);
}
