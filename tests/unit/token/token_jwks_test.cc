#include "tools/token/jwks.h"

#include <catch2/catch.hpp>

using evt::Value;
using evt::token::JwksFromValue;
using evt::token::SecretKeys;

namespace {

constexpr const char* kX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr const char* kD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kOctK = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

Value Okp(const char* kid) { return Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}, {"kid", kid}}); }

Value Set(std::initializer_list<Value> keys) { return Value::object({{"keys", Value::array(keys)}}); }

std::string LoadError(const Value& doc, SecretKeys secrets = SecretKeys::kRefuse) {
  auto loaded = JwksFromValue(doc, "jwks.json", secrets);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == evt::ExitCode::kDataErr);
  return loaded.status().message();
}

}  // namespace

TEST_CASE("token jwks: a mixed set keeps the keys it can use and reports the others", "[token]") {
  Value doc = Set({Value::object({{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}, {"kid", "rsa"}}),
                   Okp("ed-1"),
                   Value::object({{"kty", "EC"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}}),
                   Value::object({{"kty", "OKP"}, {"crv", "X25519"}, {"x", kX}}),
                   Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}, {"kid", "ed-enc"}, {"use", "enc"}})});
  auto loaded = JwksFromValue(doc, "jwks.json", SecretKeys::kRefuse);
  REQUIRE(loaded.ok());
  CHECK(loaded->keys.size() == 1);
  CHECK(loaded->keys.Find("ed-1") != nullptr);
  CHECK_FALSE(loaded->keys.has_secrets());
  REQUIRE(loaded->skipped.size() == 4);
  CHECK(loaded->skipped[0] == "keys[0]: \"kty\": \"RSA\" is not supported (expected \"OKP\" or \"oct\")");
  CHECK(loaded->skipped[1] == "keys[2]: \"kty\": \"EC\" is not supported (expected \"OKP\" or \"oct\")");
  CHECK(loaded->skipped[2] == "keys[3]: \"crv\": \"X25519\" is not supported (expected \"Ed25519\")");
  CHECK(loaded->skipped[3] == "keys[4]: \"use\": \"enc\" is not a signature key");
}

TEST_CASE("token jwks: a malformed key is an error naming its index", "[token]") {
  Value bad_x = Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "AAAA"}});
  CHECK(LoadError(Set({Okp("a"), bad_x})) == "jwks.json: keys[1]: \"x\": expected 32 bytes for an Ed25519 key, got 3");
  CHECK(LoadError(Set({Okp("a"), Okp("b"), Value::object({{"crv", "Ed25519"}})})) ==
        "jwks.json: keys[2]: \"kty\": missing");
  CHECK(LoadError(Set({Value("key")})) == "jwks.json: keys[0]: expected an object, got a string");
  CHECK(LoadError(Set({Value::object({{"kty", Value::array()}})})) ==
        "jwks.json: keys[0]: \"kty\": expected a string, got an array");
}

TEST_CASE("token jwks: the document must be an object with a keys array", "[token]") {
  CHECK(LoadError(Value::array()) == "jwks.json: expected a JWK set object, got an array");
  CHECK(LoadError(Value::object({})) == "jwks.json: \"keys\": missing");
  CHECK(LoadError(Value::object({{"keys", Okp("a")}})) == "jwks.json: \"keys\": expected an array, got an object");
  auto empty = JwksFromValue(Set({}), "jwks.json", SecretKeys::kRefuse);
  REQUIRE(empty.ok());
  CHECK(empty->keys.empty());
}

TEST_CASE("token jwks: two keys under one kid are refused", "[token]") {
  CHECK(LoadError(Set({Okp("same"), Okp("same")})) == "jwks.json: keys[1]: kid \"same\": two keys share this kid");
}

TEST_CASE("token jwks: a public set refuses private keys and secrets", "[token]") {
  Value priv = Okp("p");
  priv.set("d", kD);
  CHECK(LoadError(Set({priv})) ==
        "jwks.json: keys[0]: \"d\": secret key material in a public key set; a verifier holds public keys only");
  Value oct = Value::object({{"kty", "oct"}, {"k", kOctK}, {"kid", "gate-a"}});
  CHECK(LoadError(Set({oct})).find("\"k\": secret key material") != std::string::npos);
  // A private RSA key is refused, not merely skipped: it should not be there.
  CHECK_FALSE(JwksFromValue(Set({Value::object({{"kty", "RSA"}, {"d", "AA"}})}), "j", SecretKeys::kRefuse).ok());
  auto ring = JwksFromValue(Set({priv, oct}), "ring.json", SecretKeys::kAllow);
  REQUIRE(ring.ok());
  CHECK(ring->keys.size() == 2);
  CHECK(ring->keys.has_secrets());
}

TEST_CASE("token jwks: the public set of a ring holds public Ed25519 keys only", "[token]") {
  Value priv = Okp("p");
  priv.set("d", kD);
  Value oct = Value::object({{"kty", "oct"}, {"k", kOctK}, {"kid", "gate-a"}});
  auto ring = JwksFromValue(Set({priv, oct}), "ring.json", SecretKeys::kAllow);
  REQUIRE(ring.ok());
  Value pub = evt::token::PublicJwks(ring->keys);
  CHECK(pub == Set({Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}, {"kid", "p"}, {"use", "sig"}})}));
  auto reloaded = JwksFromValue(pub, "jwks.json", SecretKeys::kRefuse);
  REQUIRE(reloaded.ok());
  CHECK(reloaded->keys.Find("p") != nullptr);
}

TEST_CASE("token jwks: parses JWKS text and refuses duplicate members", "[token]") {
  std::string text = std::string(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")") + kX + R"(","kid":"a"}]})";
  auto loaded = evt::token::ParseJwks(text, "jwks.json", SecretKeys::kRefuse);
  REQUIRE(loaded.ok());
  CHECK(loaded->keys.Find("a") != nullptr);
  // A duplicate "x" could name two different keys to two different parsers.
  std::string dup = std::string(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")") + kX + R"(","x":"AAAA"}]})";
  auto bad = evt::token::ParseJwks(dup, "jwks.json", SecretKeys::kRefuse);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == evt::ExitCode::kDataErr);
  CHECK(bad.status().message().rfind("jwks.json:1: ", 0) == 0);
  CHECK(bad.status().message().find("duplicate key \"x\"") != std::string::npos);
  CHECK_FALSE(evt::token::ParseJwks("{\"keys\":[", "jwks.json", SecretKeys::kRefuse).ok());
  CHECK_FALSE(evt::token::ParseJwks("", "jwks.json", SecretKeys::kRefuse).ok());
}
