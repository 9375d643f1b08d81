#include "common/quoted.h"

#include <catch2/catch.hpp>
#include <string>

namespace evt {
namespace {

TEST_CASE("quoted: short text is quoted with quotes and backslashes escaped", "[quoted]") {
  CHECK(QuotedForMessage("") == "\"\"");
  CHECK(QuotedForMessage("kid-1") == "\"kid-1\"");
  CHECK(QuotedForMessage("a\"b\\c") == "\"a\\\"b\\\\c\"");
}

TEST_CASE("quoted: control bytes are escaped so a value cannot forge a log line", "[quoted]") {
  CHECK(QuotedForMessage("a\nb") == "\"a\\u000ab\"");
  CHECK(QuotedForMessage(std::string("\0\x1b\x7f", 3)) == "\"\\u0000\\u001b\\u007f\"");
  CHECK(QuotedForMessage("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
}

TEST_CASE("quoted: long text is cut at 64 bytes and marked", "[quoted]") {
  CHECK(QuotedForMessage(std::string(64, 'x')) == "\"" + std::string(64, 'x') + "\"");
  CHECK(QuotedForMessage(std::string(65, 'x')) == "\"" + std::string(64, 'x') + "...\"");
}

TEST_CASE("quoted: the cut falls before a character, never inside one", "[quoted]") {
  // 63 ASCII bytes and then a two-byte character across the limit.
  std::string text = std::string(63, 'x') + "\xc3\xa9" + "tail";
  CHECK(QuotedForMessage(text) == "\"" + std::string(63, 'x') + "...\"");
  // A four-byte character that ends exactly at the limit stays whole.
  std::string emoji = std::string(60, 'x') + "\xf0\x9f\x8e\xab" + "y";
  CHECK(QuotedForMessage(emoji) == "\"" + std::string(60, 'x') + "\xf0\x9f\x8e\xab...\"");
}

}  // namespace
}  // namespace evt
