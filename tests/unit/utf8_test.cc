#include "common/utf8.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

namespace evt {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Each case is checked by every entry point, so they cannot drift apart:
// IsValidUtf8 (simdjson) and FindInvalidUtf8 (DecodeUtf8) must agree.
void CheckInvalidAt(std::string_view text, std::size_t at) {
  INFO("offset " << at);
  CHECK_FALSE(IsValidUtf8(text));
  CHECK(FindInvalidUtf8(text) == at);
}

void CheckValid(std::string_view text) {
  CHECK(IsValidUtf8(text));
  CHECK(FindInvalidUtf8(text) == kNone);
  CHECK(ToValidUtf8(text) == text);
}

TEST_CASE("utf8: ASCII, two-, three- and four-byte characters are valid", "[utf8]") {
  CheckValid("");
  CheckValid("gate-a");
  CheckValid("caf\xC3\xA9");               // U+00E9
  CheckValid("\xE5\xA3\xB2\xE5\xBA\x97");  // 売店
  CheckValid("\xF0\x9F\x8E\xAB");          // U+1F3AB
  CheckValid("\xED\x9F\xBF");              // U+D7FF, just below the surrogates
  CheckValid("\xEE\x80\x80");              // U+E000, just above them
  CheckValid("\xF4\x8F\xBF\xBF");          // U+10FFFF, the last code point
  CheckValid(std::string("a\0b", 3));      // NUL is a character
}

TEST_CASE("utf8: overlong forms are invalid", "[utf8]") {
  CheckInvalidAt("\xC0\xAF", 0);          // '/' in two bytes
  CheckInvalidAt("x\xC1\xBF", 1);
  CheckInvalidAt("\xE0\x80\xAF", 0);      // '/' in three bytes
  CheckInvalidAt("\xE0\x9F\xBF", 0);      // U+07FF in three bytes
  CheckInvalidAt("\xF0\x8F\xBF\xBF", 0);  // U+FFFF in four bytes
}

TEST_CASE("utf8: UTF-16 surrogates are invalid", "[utf8]") {
  CheckInvalidAt("\xED\xA0\x80", 0);  // U+D800
  CheckInvalidAt("ab\xED\xBF\xBF", 2);  // U+DFFF
}

TEST_CASE("utf8: code points past U+10FFFF are invalid", "[utf8]") {
  CheckInvalidAt("\xF4\x90\x80\x80", 0);  // U+110000
  CheckInvalidAt("\xF5\x80\x80\x80", 0);
  CheckInvalidAt("\xFF", 0);
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes are invalid", "[utf8]") {
  CheckInvalidAt("a\xC3", 1);
  CheckInvalidAt("\xE2\x82", 0);
  CheckInvalidAt("\xF0\x9F\x8E", 0);
  CheckInvalidAt("\xE2\x82x", 0);  // a lead byte followed by ASCII
  CheckInvalidAt("ok\x80", 2);
}

TEST_CASE("utf8: ToValidUtf8 replaces each bad byte with U+FFFD and keeps the rest", "[utf8]") {
  CHECK(ToValidUtf8("ok\xFF!") == "ok\xEF\xBF\xBD!");
  CHECK(ToValidUtf8("a\xC3\xA9\xE2\x82") == "a\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(ToValidUtf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(IsValidUtf8(ToValidUtf8("\xC0\xAF\xF4\x90\x80\x80x")));
}

TEST_CASE("utf8: DecodeUtf8 yields the code point or advances one byte", "[utf8]") {
  std::size_t pos = 0;
  char32_t cp = 0;
  CHECK(DecodeUtf8("\xF0\x9F\x8E\xAB", &pos, &cp));
  CHECK(cp == 0x1F3AB);
  CHECK(pos == 4);
  pos = 0;
  CHECK_FALSE(DecodeUtf8("\xE0\x80\xAF", &pos, &cp));
  CHECK(pos == 1);
  pos = 0;
  CHECK_FALSE(DecodeUtf8("\xF4\x90\x80\x80", &pos, &cp));
  CHECK(pos == 1);
}

TEST_CASE("utf8: AppendUtf8 round-trips through DecodeUtf8", "[utf8]") {
  for (char32_t cp : {char32_t{0x24}, char32_t{0xE9}, char32_t{0x20AC}, char32_t{0xFFFD}, char32_t{0x1F3AB},
                      char32_t{0x10FFFF}}) {
    std::string encoded;
    AppendUtf8(cp, &encoded);
    std::size_t pos = 0;
    char32_t back = 0;
    REQUIRE(DecodeUtf8(encoded, &pos, &back));
    CHECK(back == cp);
    CHECK(pos == encoded.size());
  }
}

TEST_CASE("utf8: the cut point never falls inside a character", "[utf8]") {
  std::string text = "ab\xC3\xA9" "cd";
  CHECK(Utf8CutPoint(text, 10) == text.size());
  CHECK(Utf8CutPoint(text, 4) == 4);
  CHECK(Utf8CutPoint(text, 3) == 2);  // inside é: cut before it
  CHECK(Utf8CutPoint(text, 2) == 2);
  CHECK(Utf8CutPoint(text, 0) == 0);
}

}  // namespace
}  // namespace evt
