#include "tools/token/jws.h"

#include <catch2/catch.hpp>

#include "tools/token/base64url.h"
#include "tools/token/jwk.h"
#include "tools/token/verifier.h"

using evt::TimePoint;
using evt::Value;
using evt::token::Alg;
using evt::token::HeaderPolicy;
using evt::token::Key;
using evt::token::KeyFromJwk;
using evt::token::ReasonName;
using evt::token::VerifyOptions;

namespace {

// RFC 8037 Appendix A.1-A.5.
constexpr const char* kD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr const char* kX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr const char* kA4Token =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

// RFC 7515 Appendix A.1: HS256 over a header and payload holding CRLFs.
constexpr const char* kA1Key =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
constexpr const char* kA1Token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::int64_t kA1Exp = 1300819380;

Key Rfc8037Key(bool with_private) {
  Value jwk = Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kX}});
  if (with_private) jwk.set("d", kD);
  auto key = KeyFromJwk(jwk);
  REQUIRE(key.ok());
  return *key;
}

Key A1Key() {
  auto key = KeyFromJwk(Value::object({{"kty", "oct"}, {"k", kA1Key}}));
  REQUIRE(key.ok());
  return *key;
}

TimePoint At(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

std::string DecodeError(std::string_view token) {
  auto jws = evt::token::DecodeCompact(token);
  REQUIRE_FALSE(jws.ok());
  CHECK(jws.status().code() == evt::ExitCode::kDataErr);
  return jws.status().message();
}

}  // namespace

TEST_CASE("token jws: RFC 8037 A.4 signing reproduces the published token", "[token]") {
  Key key = Rfc8037Key(true);
  auto token = evt::token::SignCompact(Value::object({{"alg", "EdDSA"}}), "Example of Ed25519 signing", key);
  REQUIRE(token.ok());
  CHECK(*token == kA4Token);
  auto raw = evt::token::SignCompactRaw(R"({"alg":"EdDSA"})", "Example of Ed25519 signing", key, Alg::kEdDSA);
  REQUIRE(raw.ok());
  CHECK(*raw == kA4Token);
}

TEST_CASE("token jws: RFC 8037 A.5 verification with the public key", "[token]") {
  std::string payload;
  auto v = evt::token::VerifyJws(kA4Token, Rfc8037Key(false), HeaderPolicy(), payload);
  CHECK(ReasonName(v.reason) == "ok");
  CHECK(payload == "Example of Ed25519 signing");
  CHECK(v.header == Value::object({{"alg", "EdDSA"}}));
  CHECK(v.kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  CHECK(v.claims.is_null());
}

TEST_CASE("token jws: the RFC 8037 token with any signature byte changed fails", "[token]") {
  std::string token = kA4Token;
  std::size_t sig_at = token.rfind('.') + 1;
  for (std::size_t i = sig_at; i + 1 < token.size(); i += 7) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    std::string payload;
    INFO("offset " << i);
    CHECK(ReasonName(evt::token::VerifyJws(changed, Rfc8037Key(false), HeaderPolicy(), payload).reason) ==
          "bad_signature");
    CHECK(payload.empty());
  }
}

TEST_CASE("token jws: RFC 7515 A.1 HS256 example verifies before its exp, with the settable clock", "[token]") {
  VerifyOptions options;
  options.header.algorithms = {Alg::kHS256};
  options.claims.leeway = std::chrono::seconds(0);
  auto v = evt::token::VerifyTokenWithKey(kA1Token, A1Key(), options, At(kA1Exp - 1));
  REQUIRE(ReasonName(v.reason) == "ok");
  CHECK(v.claims.find("iss")->as_string() == "joe");
  CHECK(v.claims.find("http://example.com/is_root")->as_bool());
  CHECK(v.header.find("typ")->as_string() == "JWT");
  // The payload is signed as received: its CRLFs survive.
  auto decoded = evt::token::DecodeCompact(kA1Token);
  REQUIRE(decoded.ok());
  CHECK(decoded->payload == "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");

  auto late = evt::token::VerifyTokenWithKey(kA1Token, A1Key(), options, At(kA1Exp));
  CHECK(ReasonName(late.reason) == "expired");
  CHECK(late.claims.is_null());
}

TEST_CASE("token jws: RFC 7515 A.1 signing over the exact header bytes reproduces the MAC", "[token]") {
  auto token = evt::token::SignCompactRaw("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
                                          "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}",
                                          A1Key(), Alg::kHS256);
  REQUIRE(token.ok());
  CHECK(*token == kA1Token);
}

TEST_CASE("token jws: decoding names the part that is wrong", "[token]") {
  CHECK(DecodeError("") == "token: expected 3 parts separated by '.', got 1");
  CHECK(DecodeError("abc") == "token: expected 3 parts separated by '.', got 1");
  CHECK(DecodeError("a.b") == "token: expected 3 parts separated by '.', got 2");
  CHECK(DecodeError("a.b.c.d.e") == "token: expected 3 parts separated by '.', got 5");
  CHECK(DecodeError("..") == "token: the header part is empty");
  CHECK(DecodeError("eyJhbGciOiJFZERTQSJ9=.e30.") == "header: invalid base64url: '=' at offset 20 (padding is not allowed)");
  CHECK(DecodeError("eyJhbGciOiJFZERTQSJ9.e30=.").rfind("payload: invalid base64url", 0) == 0);
  CHECK(DecodeError("eyJhbGciOiJFZERTQSJ9.e30.a+b").rfind("signature: invalid base64url", 0) == 0);
  // "bm90IGpzb24" is "not json".
  CHECK(DecodeError("bm90IGpzb24.e30.").rfind("header:1: ", 0) == 0);
  // "DSA1" is "\r 5": JSON, but not an object (found by fuzz_token_compact).
  CHECK(DecodeError("DSA1.e30.") == "header: expected a JSON object, got an integer");
  CHECK(DecodeError(std::string(evt::token::kMaxTokenBytes + 1, 'A')) ==
        "token: 16385 bytes, over the limit of 16384");
}
