#include "tools/token/jwk.h"

#include <catch2/catch.hpp>

#include "tools/token/key_set.h"

using evt::Value;
using evt::token::KeyFromJwk;
using evt::token::KeySet;

namespace {

constexpr const char* kD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr const char* kThumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
// RFC 7515 A.1's HS256 key (64 bytes).
constexpr const char* kOctK = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

Value Okp() { return Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}}); }

std::string JwkError(const Value& jwk) {
  auto key = KeyFromJwk(jwk);
  REQUIRE_FALSE(key.ok());
  CHECK(key.status().code() == evt::ExitCode::kDataErr);
  return key.status().message();
}

}  // namespace

TEST_CASE("token jwk: reads the RFC 8037 public and private keys", "[token]") {
  auto pub = KeyFromJwk(Okp());
  REQUIRE(pub.ok());
  CHECK_FALSE(pub->can_sign());
  CHECK(pub->kid() == kThumbprint);
  Value priv = Okp();
  priv.set("d", kD);
  auto key = KeyFromJwk(priv);
  REQUIRE(key.ok());
  CHECK(key->can_sign());
  priv.set("kid", "2026-11");
  CHECK(KeyFromJwk(priv)->kid() == "2026-11");
}

TEST_CASE("token jwk: exports public and, explicitly, private JWKs that read back", "[token]") {
  Value priv = Okp();
  priv.set("d", kD);
  auto key = KeyFromJwk(priv);
  REQUIRE(key.ok());
  auto pub = evt::token::PublicJwk(*key);
  REQUIRE(pub.ok());
  CHECK(*pub == Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}, {"kid", kThumbprint}, {"use", "sig"}}));
  CHECK(pub->find("d") == nullptr);
  auto exported = evt::token::PrivateJwk(*key);
  REQUIRE(exported.ok());
  CHECK(exported->find("d")->as_string() == kD);
  CHECK(KeyFromJwk(*exported)->can_sign());

  auto oct = KeyFromJwk(Value::object({{"kty", "oct"}, {"k", kOctK}, {"kid", "gate-a"}}));
  REQUIRE(oct.ok());
  CHECK_FALSE(evt::token::PublicJwk(*oct).ok());
  auto oct_jwk = evt::token::PrivateJwk(*oct);
  REQUIRE(oct_jwk.ok());
  CHECK(oct_jwk->find("k")->as_string() == kOctK);
  CHECK(KeyFromJwk(*oct_jwk)->kid() == "gate-a");
  CHECK_FALSE(evt::token::PrivateJwk(*KeyFromJwk(Okp())).ok());
}

TEST_CASE("token jwk: a d that does not match x is refused", "[token]") {
  Value jwk = Okp();
  jwk.set("d", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  CHECK(JwkError(jwk) == "\"d\": does not match \"x\" (not the same key pair)");
}

TEST_CASE("token jwk: missing, mistyped and badly encoded members are named", "[token]") {
  CHECK(JwkError(Value::object({{"crv", "Ed25519"}, {"x", kX}})) == "\"kty\": missing");
  CHECK(JwkError(Value::object({{"kty", 1}})) == "\"kty\": expected a string, got an integer");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"x", kX}})) == "\"crv\": missing");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}})) == "\"x\": missing");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", 5}})) ==
        "\"x\": expected a base64url string, got an integer");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="}})) ==
        "\"x\": invalid base64url: '=' at offset 43 (padding is not allowed)");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}})) ==
        "\"x\": expected 32 bytes for an Ed25519 key, got 3");
  Value bad_kid = Okp();
  bad_kid.set("kid", 7);
  CHECK(JwkError(bad_kid) == "\"kid\": expected a string, got an integer");
  CHECK(JwkError(Value::array()) == "\"jwk\": expected an object, got an array");
}

TEST_CASE("token jwk: unsupported key types, curves, uses and algs are refused by name", "[token]") {
  CHECK(JwkError(Value::object({{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}})) ==
        "\"kty\": \"RSA\" is not supported (expected \"OKP\" or \"oct\")");
  CHECK(JwkError(Value::object({{"kty", "OKP"}, {"crv", "Ed448"}, {"x", kX}})) ==
        "\"crv\": \"Ed448\" is not supported (expected \"Ed25519\")");
  Value enc = Okp();
  enc.set("use", "enc");
  CHECK(JwkError(enc) == "\"use\": \"enc\" is not a signature key");
  Value rs = Okp();
  rs.set("alg", "HS256");
  CHECK(JwkError(rs) == "\"alg\": \"HS256\" is not supported for kty \"OKP\"");
  Value ed_alg = Okp();
  ed_alg.set("alg", "Ed25519");
  CHECK(KeyFromJwk(ed_alg).ok());
}

TEST_CASE("token jwk: HS256 secrets under 256 bits are refused", "[token]") {
  // 31 bytes.
  CHECK(JwkError(Value::object({{"kty", "oct"}, {"k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}})) ==
        "\"k\": HS256 secret: expected at least 32 bytes (256 bits), got 31");
  CHECK(KeyFromJwk(Value::object({{"kty", "oct"}, {"k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}})).ok());
}

TEST_CASE("token key set: finds keys by kid and refuses two keys under one kid", "[token]") {
  KeySet set;
  REQUIRE(set.Add(*KeyFromJwk(Okp())).ok());
  auto oct = KeyFromJwk(Value::object({{"kty", "oct"}, {"k", kOctK}, {"kid", "gate-a"}}));
  REQUIRE(set.Add(*oct).ok());
  CHECK(set.size() == 2);
  CHECK(set.Find(kThumbprint) != nullptr);
  CHECK(set.Find("gate-a")->kind() == evt::token::KeyKind::kHmac);
  CHECK(set.Find("../../dev/null") == nullptr);
  CHECK(set.Find("") == nullptr);
  CHECK(set.has_secrets());
  auto dup = set.Add(*oct);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.message() == "kid \"gate-a\": two keys share this kid");
  KeySet public_only;
  REQUIRE(public_only.Add(*KeyFromJwk(Okp())).ok());
  CHECK_FALSE(public_only.has_secrets());
}
