// A verifier reuses the last decoded header: results must be exactly those
// of a fresh decode, whatever order headers come in.
#include <catch2/catch.hpp>

#include "tools/token/base64url.h"
#include "tools/token/jws.h"
#include "tools/token/verifier.h"

using evt::token::Base64UrlDecode;
using evt::token::Base64UrlEncode;
using evt::token::DecodeCompact;
using evt::token::HeaderCache;

TEST_CASE("token header cache: same results as a fresh decode, header after header") {
  evt::JsonParser parser;
  HeaderCache cache;
  std::string a = Base64UrlEncode(R"({"alg":"EdDSA","kid":"a"})") + "." + Base64UrlEncode("{}") + ".AA";
  std::string b = Base64UrlEncode(R"({"alg":"HS256","kid":"b"})") + "." + Base64UrlEncode("{}") + ".AA";
  std::string dup = Base64UrlEncode(R"({"alg":"EdDSA","alg":"EdDSA"})") + "." + Base64UrlEncode("{}") + ".AA";
  for (const std::string* token : {&a, &a, &b, &dup, &a, &dup, &b, &b}) {
    auto fresh = DecodeCompact(*token);
    auto cached = DecodeCompact(*token, parser, cache);
    REQUIRE(fresh.ok() == cached.ok());
    if (!fresh.ok()) {
      CHECK(fresh.status().message() == cached.status().message());
      continue;
    }
    CHECK(fresh->header == cached->header);
    CHECK(fresh->payload == cached->payload);
    CHECK(fresh->signing_input == cached->signing_input);
  }
}

TEST_CASE("token base64url: the 4-character fast path reports the first bad character") {
  std::string text = Base64UrlEncode("0123456789abcdef0123456789");
  for (std::size_t at : {0u, 3u, 4u, 17u, static_cast<unsigned>(text.size() - 1)}) {
    std::string bad = text;
    bad[at] = '+';
    auto decoded = Base64UrlDecode(bad, "payload");
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().message().find("at offset " + std::to_string(at)) != std::string::npos);
  }
  for (std::size_t n = 0; n < 40; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes += static_cast<char>(i * 37 + n);
    auto back = Base64UrlDecode(Base64UrlEncode(bytes), "x");
    REQUIRE(back.ok());
    CHECK(*back == bytes);
  }
}
