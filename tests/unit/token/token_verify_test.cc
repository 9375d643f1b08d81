// The security properties evt-token's verifier promises, one test each.
#include "tools/token/verifier.h"

#include <catch2/catch.hpp>

#include "tools/token/base64url.h"
#include "tools/token/jwk.h"
#include "tools/token/jws.h"
#include "tools/token/pem.h"
#include "tools/token/signer.h"

#include "tests/unit/token/token_verify_fixture.h"

TEST_CASE("token verify: a good token passes with its claims, header and kid", "[token]") {
  Fixture f;
  auto v = f.Verify(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})"));
  REQUIRE(ReasonName(v.reason) == "ok");
  CHECK(v.detail.empty());
  CHECK(v.kid == "2026-11");
  CHECK(v.claims.find("jti")->as_string() == "j1");
  CHECK(v.header.find("alg")->as_string() == "EdDSA");
}

TEST_CASE("token verify: the RFC 9864 alg name Ed25519 is accepted for an Ed25519 key", "[token]") {
  Fixture f;
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"Ed25519","kid":"2026-11"})", kClaims, Alg::kEd25519)) == "ok");
}

TEST_CASE("token verify: alg none is rejected, even with every algorithm allowed", "[token]") {
  Fixture f;
  f.options.header.algorithms = {Alg::kEdDSA, Alg::kEd25519, Alg::kHS256};
  CHECK(f.ReasonOf(Unsigned(R"({"alg":"none","kid":"2026-11"})", kClaims)) == "alg_not_allowed");
  CHECK(f.ReasonOf(Unsigned(R"({"alg":"none"})", kClaims)) == "alg_not_allowed");
  // With a signature segment copied from a real token.
  std::string real = f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})");
  std::string forged = Unsigned(R"({"alg":"none","kid":"2026-11"})", kClaims) + real.substr(real.rfind('.') + 1);
  CHECK(f.ReasonOf(forged) == "alg_not_allowed");
}

TEST_CASE("token verify: HS256 keyed with the Ed25519 public key is rejected (alg bound to key)", "[token]") {
  Fixture f;
  f.options.header.algorithms = {Alg::kEdDSA, Alg::kEd25519, Alg::kHS256};
  const Ed25519Key& pub = *f.signer.ed25519();
  // The attacker's candidate secrets: the raw key and its SPKI PEM text.
  std::vector<std::string> secrets = {pub.public_bytes(), *evt::token::PublicKeyToPem(pub)};
  for (const std::string& secret : secrets) {
    auto hmac = HmacKey::FromSecret(secret);
    REQUIRE(hmac.ok());
    Key forger(*hmac, "2026-11");
    auto token = SignCompactRaw(R"({"alg":"HS256","kid":"2026-11"})", kClaims, forger, Alg::kHS256);
    REQUIRE(token.ok());
    auto v = f.Verify(*token);
    CHECK(ReasonName(v.reason) == "alg_not_allowed");
    CHECK(v.detail == "header \"alg\": \"HS256\" cannot be used with key \"2026-11\", an Ed25519 key");
    CHECK(v.claims.is_null());
  }
  f.options.header.algorithms = {Alg::kEdDSA};
  auto hmac = HmacKey::FromSecret(pub.public_bytes());
  auto token = SignCompactRaw(R"({"alg":"HS256","kid":"2026-11"})", kClaims, Key(*hmac), Alg::kHS256);
  CHECK(f.ReasonOf(*token) == "alg_not_allowed");
}

TEST_CASE("token verify: keys named by the token (jwk, jku, x5u, x5c) are ignored", "[token]") {
  Fixture f;
  Key attacker = NewEd25519("attacker");
  Value attacker_jwk = *evt::token::PublicJwk(attacker);
  std::string embedded = R"({"alg":"EdDSA","jwk":)" + std::string("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"") +
                         attacker_jwk.find("x")->as_string() + "\"}";
  for (const std::string& extra : {embedded + R"(,"kid":"2026-11"})", embedded + R"(,"kid":"attacker"})",
                                   embedded + "}",
                                   std::string(R"({"alg":"EdDSA","kid":"2026-11","jku":"https://evil.example/jwks"})"),
                                   std::string(R"({"alg":"EdDSA","kid":"2026-11","x5u":"https://evil.example/c.pem"})"),
                                   std::string(R"({"alg":"EdDSA","kid":"2026-11","x5c":["MIIBszCCAVmgAwIBAgIU"]})")}) {
    auto token = SignCompactRaw(extra, kClaims, attacker, Alg::kEdDSA);
    REQUIRE(token.ok());
    auto v = f.Verify(*token);
    INFO(extra << " -> " << v.detail);
    CHECK_FALSE(v.ok());
    CHECK(v.claims.is_null());
  }
  // Named as the real key, the attacker's signature is simply wrong.
  auto as_real = SignCompactRaw(embedded + R"(,"kid":"2026-11"})", kClaims, attacker, Alg::kEdDSA);
  CHECK(f.ReasonOf(*as_real) == "bad_signature");
  // The same header members on a genuine token change nothing.
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11","jku":"https://evil.example/jwks"})")) == "ok");
}

TEST_CASE("token verify: a kid not in the set is unknown_kid, whatever it looks like", "[token]") {
  Fixture f;
  for (const char* kid : {"../../../../dev/null", "' OR 1=1 --", "/etc/passwd", "https://evil.example/k",
                          "2026-11 ", "2026-1", ""}) {
    std::string header = std::string(R"({"alg":"EdDSA","kid":)") + "\"" + kid + "\"}";
    auto v = f.Verify(f.Sign(header));
    INFO(kid);
    CHECK(ReasonName(v.reason) == "unknown_kid");
    CHECK(v.kid == kid);
  }
  CHECK(f.Verify(f.Sign(R"({"alg":"EdDSA","kid":"../x"})")).detail == "header \"kid\": \"../x\" names no known key");
}

TEST_CASE("token verify: against a key set a token without kid is missing_kid", "[token]") {
  Fixture f;
  auto v = f.Verify(f.Sign(R"({"alg":"EdDSA"})"));
  CHECK(ReasonName(v.reason) == "missing_kid");
  CHECK(ReasonName(f.Verify(f.Sign(R"({"alg":"EdDSA","kid":7})")).reason) == "malformed");
}

TEST_CASE("token verify: Ed25519 signatures with S + L are rejected (RFC 8032 5.1.7)", "[token]") {
  Fixture f;
  std::string token = f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})");
  std::size_t dot2 = token.rfind('.');
  std::string sig = *evt::token::Base64UrlDecode(token.substr(dot2 + 1), "sig");
  static const unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                       0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    unsigned sum = static_cast<unsigned char>(sig[32 + i]) + kL[i] + carry;
    sig[32 + i] = static_cast<char>(sum & 0xff);
    carry = sum >> 8;
  }
  REQUIRE(carry == 0);
  CHECK(f.ReasonOf(token.substr(0, dot2 + 1) + Base64UrlEncode(sig)) == "bad_signature");
}

TEST_CASE("token verify: a changed header, payload or signature fails the signature", "[token]") {
  Fixture f;
  std::string token = f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})");
  std::size_t dot1 = token.find('.');
  std::string other_payload = Base64UrlEncode(R"({"iss":"popup-berlin-01","aud":"gate","exp":1900000000,"jti":"j1"})");
  CHECK(f.ReasonOf(token.substr(0, dot1 + 1) + other_payload + token.substr(token.rfind('.'))) == "bad_signature");
  std::string other_header = Base64UrlEncode(R"({"kid":"2026-11","alg":"EdDSA"})");
  CHECK(f.ReasonOf(other_header + token.substr(dot1)) == "bad_signature");
  CHECK(f.ReasonOf(token.substr(0, token.rfind('.') + 1)) == "bad_signature");
  auto v = f.Verify(token.substr(0, token.rfind('.') + 1) + "AAAA");
  CHECK(v.detail == "signature: does not verify under key \"2026-11\"");
  CHECK(v.claims.is_null());
}

TEST_CASE("token verify: a key outside the allowlist is refused before the signature", "[token]") {
  Fixture f;
  f.options.header.algorithms = {Alg::kEd25519};
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})")) == "alg_not_allowed");
}

TEST_CASE("token verify: an HS256 key admits only HS256 tokens", "[token]") {
  auto secret = HmacKey::FromSecret(std::string(32, 's'));
  REQUIRE(secret.ok());
  Key gate_secret(*secret, "gate-a-local");
  KeySet set;
  REQUIRE(set.Add(gate_secret).ok());
  VerifyOptions options;
  options.header.algorithms = {Alg::kHS256, Alg::kEdDSA};
  auto token = SignCompactRaw(R"({"alg":"HS256","kid":"gate-a-local"})", R"({"exp":1800000600})", gate_secret, Alg::kHS256);
  CHECK(ReasonName(VerifyToken(*token, set, options, Now()).reason) == "ok");
  Key ed = NewEd25519("gate-a-local");
  auto ed_token = SignCompactRaw(R"({"alg":"EdDSA","kid":"gate-a-local"})", R"({"exp":1800000600})", ed, Alg::kEdDSA);
  CHECK(ReasonName(VerifyToken(*ed_token, set, options, Now()).reason) == "alg_not_allowed");
}

TEST_CASE("token verify: claims are checked only after the signature holds", "[token]") {
  Fixture f;
  Key attacker = NewEd25519("2026-11");
  // Expired and wrongly signed: the signature is what is reported.
  auto token = SignCompactRaw(R"({"alg":"EdDSA","kid":"2026-11"})", R"({"exp":1})", attacker, Alg::kEdDSA);
  CHECK(f.ReasonOf(*token) == "bad_signature");
}

TEST_CASE("token verify: the expected typ is enforced when configured", "[token]") {
  Fixture f;
  f.options.header.typ = "evt-ticket+jwt";
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","typ":"evt-ticket+jwt","kid":"2026-11"})")) == "ok");
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","typ":"evt-purchase+jwt","kid":"2026-11"})")) == "wrong_type");
}
