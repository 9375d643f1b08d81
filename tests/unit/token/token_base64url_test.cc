#include "tools/token/base64url.h"

#include <catch2/catch.hpp>

#include "tools/token/constant_time.h"

using evt::token::Base64UrlDecode;
using evt::token::Base64UrlEncode;

namespace {

std::string DecodeError(std::string_view text) {
  auto r = Base64UrlDecode(text, "signature");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == evt::ExitCode::kDataErr);
  return r.status().message();
}

}  // namespace

TEST_CASE("token base64url: encodes the RFC 4648 test vectors without padding", "[token]") {
  CHECK(Base64UrlEncode("") == "");
  CHECK(Base64UrlEncode("f") == "Zg");
  CHECK(Base64UrlEncode("fo") == "Zm8");
  CHECK(Base64UrlEncode("foo") == "Zm9v");
  CHECK(Base64UrlEncode("foob") == "Zm9vYg");
  CHECK(Base64UrlEncode("fooba") == "Zm9vYmE");
  CHECK(Base64UrlEncode("foobar") == "Zm9vYmFy");
  CHECK(Base64UrlEncode("\xfb\xff\xbf") == "-_-_");
}

TEST_CASE("token base64url: decodes what it encodes, for every length and byte", "[token]") {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    auto r = Base64UrlDecode(Base64UrlEncode(bytes), "x");
    REQUIRE(r.ok());
    REQUIRE(*r == bytes);
    bytes += static_cast<char>((i * 37 + 11) & 0xff);
  }
}

TEST_CASE("token base64url: rejects padding", "[token]") {
  CHECK(DecodeError("Zg==") == "signature: invalid base64url: '=' at offset 2 (padding is not allowed)");
  CHECK_FALSE(Base64UrlDecode("Zm8=", "x").ok());
}

TEST_CASE("token base64url: rejects the base64 alphabet's + and /", "[token]") {
  CHECK(DecodeError("-_+/") == "signature: invalid base64url: '+' at offset 2 (that is base64, not base64url)");
  CHECK_FALSE(Base64UrlDecode("ab/c", "x").ok());
}

TEST_CASE("token base64url: rejects whitespace, control and non-ASCII bytes", "[token]") {
  CHECK(DecodeError("Zm9v Yg") == "signature: invalid base64url: byte 0x20 at offset 4");
  CHECK_FALSE(Base64UrlDecode("Zm9v\nYg", "x").ok());
  CHECK_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4), "x").ok());
  CHECK_FALSE(Base64UrlDecode("Zm9v\xc3\xa9", "x").ok());
  CHECK_FALSE(Base64UrlDecode(".", "x").ok());
}

TEST_CASE("token base64url: rejects non-zero trailing bits (one spelling per value)", "[token]") {
  // "Zg" is the only spelling of "f"; "Zh".."Zv" decode to the same byte in
  // lax decoders.
  CHECK(Base64UrlDecode("Zg", "x").ok());
  CHECK(DecodeError("Zh") == "signature: invalid base64url: non-zero trailing bits in 'h' (not the canonical encoding)");
  CHECK_FALSE(Base64UrlDecode("Zm9", "x").ok());
  CHECK(Base64UrlDecode("Zm8", "x").ok());
  // The RFC 8037 A.4 signature with its last character changed from g to h.
  CHECK_FALSE(Base64UrlDecode("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAh",
                              "x").ok());
}

TEST_CASE("token base64url: rejects a length that leaves one character over", "[token]") {
  CHECK(DecodeError("Zm9vY") == "signature: invalid base64url: length 5 leaves a single character over");
  CHECK_FALSE(Base64UrlDecode("A", "x").ok());
}

TEST_CASE("token constant time: equal only for the same bytes and length", "[token]") {
  using evt::token::ConstantTimeEqual;
  CHECK(ConstantTimeEqual("abc", "abc"));
  CHECK(ConstantTimeEqual("", ""));
  CHECK_FALSE(ConstantTimeEqual("abc", "abd"));
  CHECK_FALSE(ConstantTimeEqual("abc", "ab"));
  CHECK_FALSE(ConstantTimeEqual(std::string_view("a\0c", 3), std::string_view("a\0d", 3)));
}
