// The verifier against hostile encodings and JSON: each is refused as
// malformed (or by its precise reason), never accepted and never a crash.
#include "tools/token/verifier.h"

#include <catch2/catch.hpp>

#include "tools/token/base64url.h"
#include "tools/token/jwk.h"
#include "tools/token/jws.h"
#include "tools/token/pem.h"
#include "tools/token/signer.h"

#include "tests/unit/token/token_verify_fixture.h"

TEST_CASE("token verify: non-canonical base64url in any part is malformed", "[token]") {
  Fixture f;
  std::string token = f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})");
  REQUIRE(f.ReasonOf(token) == "ok");
  std::size_t dot1 = token.find('.');
  std::size_t dot2 = token.rfind('.');
  std::string header = token.substr(0, dot1);
  std::string payload = token.substr(dot1 + 1, dot2 - dot1 - 1);
  std::string sig = token.substr(dot2 + 1);
  // The signature is 64 bytes: 86 characters whose last carries 2 unused
  // bits. Setting one is the "changed last character" a lax decoder accepts.
  REQUIRE(sig.size() == 86);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::size_t last = alphabet.find(sig.back());
  REQUIRE(last % 4 == 0);
  std::string lax_sig = sig;
  lax_sig.back() = alphabet[last + 1];  // same 4 data bits, one unused bit set
  CHECK(f.ReasonOf(header + "." + payload + "." + lax_sig) == "malformed");
  CHECK(f.ReasonOf(header + "." + payload + "." + sig + "==") == "malformed");
  CHECK(f.ReasonOf(header + "=." + payload + "." + sig) == "malformed");
  CHECK(f.ReasonOf(header + "." + payload + " ." + sig) == "malformed");
  std::string std_alphabet = sig;
  for (char& c : std_alphabet) c = c == '-' ? '+' : c == '_' ? '/' : c;
  if (std_alphabet != sig) CHECK(f.ReasonOf(header + "." + payload + "." + std_alphabet) == "malformed");
  CHECK(f.ReasonOf(header + "." + payload + "." + sig + "/") == "malformed");
}

TEST_CASE("token verify: duplicate members in the header are malformed", "[token]") {
  Fixture f;
  for (const char* header : {R"({"alg":"EdDSA","kid":"2026-11","alg":"none"})",
                             R"({"alg":"none","alg":"EdDSA","kid":"2026-11"})",
                             R"({"alg":"EdDSA","kid":"other","kid":"2026-11"})"}) {
    auto v = f.Verify(f.Sign(header));
    INFO(header);
    CHECK(ReasonName(v.reason) == "malformed");
    CHECK(v.detail.find("duplicate key") != std::string::npos);
  }
}

TEST_CASE("token verify: duplicate members in the claims are malformed, though signed", "[token]") {
  Fixture f;
  auto v = f.Verify(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})",
                           R"({"iss":"popup-berlin-01","aud":"gate","sub":"alice","sub":"admin","exp":1800000600})"));
  CHECK(ReasonName(v.reason) == "malformed");
  CHECK(v.detail.rfind("claims:1: ", 0) == 0);
  CHECK(v.claims.is_null());
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})",
                          R"({"iss":"popup-berlin-01","aud":"gate","exp":1800000600,"exp":9999999999})")) == "malformed");
}

TEST_CASE("token verify: an unknown crit extension is rejected, though signed", "[token]") {
  Fixture f;
  auto v = f.Verify(f.Sign(R"({"alg":"EdDSA","kid":"2026-11","crit":["evt-nonce"],"evt-nonce":1})"));
  CHECK(ReasonName(v.reason) == "unsupported_crit");
  CHECK(v.detail == "header \"crit\": extension \"evt-nonce\" is not understood");
}

TEST_CASE("token verify: exp, nbf and iat that are not numbers are malformed, though signed", "[token]") {
  Fixture f;
  for (const char* claims : {R"({"iss":"popup-berlin-01","aud":"gate","exp":"1800000600"})",
                             R"({"iss":"popup-berlin-01","aud":"gate","exp":1800000600,"nbf":"0"})",
                             R"({"iss":"popup-berlin-01","aud":"gate","exp":1800000600,"iat":null})",
                             R"({"iss":"popup-berlin-01","aud":"gate","exp":[1800000600]})"}) {
    INFO(claims);
    CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})", claims)) == "malformed");
  }
}

TEST_CASE("token verify: iat in the future beyond leeway is rejected", "[token]") {
  Fixture f;
  std::string soon = R"({"iss":"popup-berlin-01","aud":"gate","iat":1800000030,"exp":1800000600})";
  std::string later = R"({"iss":"popup-berlin-01","aud":"gate","iat":1800000031,"exp":1800000600})";
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})", soon)) == "ok");
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})", later)) == "issued_in_future");
}

TEST_CASE("token verify: malformed shapes and payloads get malformed, never a crash", "[token]") {
  Fixture f;
  for (const std::string& token : {std::string(""), std::string("."), std::string(".."), std::string("a.b"),
                                   std::string("a.b.c.d"), std::string("\xff\xfe.a.b"), std::string(20000, 'A'),
                                   Unsigned("[]", "{}"), Unsigned("\"EdDSA\"", "{}"), Unsigned("{", "{}"),
                                   Unsigned(R"({"alg":"EdDSA"} x)", "{}")}) {
    INFO(token.substr(0, 40));
    CHECK(f.ReasonOf(token) == "malformed");
  }
  // Signed payloads that are not claims sets.
  for (const char* payload : {"", "not json", "[1,2]", "\"claims\"", "{\"a\":1} trailing", "{\"s\":\"\xc3\x28\"}"}) {
    INFO(payload);
    CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})", payload)) == "malformed");
  }
}

TEST_CASE("token verify: deeply nested JSON is refused, not recursed into", "[token]") {
  Fixture f;
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  CHECK(f.ReasonOf(Unsigned(deep, "{}")) == "malformed");
  std::string claims = R"({"iss":"popup-berlin-01","aud":"gate","exp":1800000600,"x":)" + deep + "}";
  CHECK(f.ReasonOf(f.Sign(R"({"alg":"EdDSA","kid":"2026-11"})", claims)) == "malformed");
}
