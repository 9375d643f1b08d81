#include "common/text_width.h"

#include <catch2/catch.hpp>

#include <string>

namespace evt {
namespace {

TEST_CASE("text width: ascii counts one column per character", "[text_width]") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("uplink") == 6);
}

TEST_CASE("text width: east asian wide characters and emoji count two", "[text_width]") {
  CHECK(DisplayWidth("売店") == 4);      // CJK ideographs
  CHECK(DisplayWidth("チケット") == 8);  // katakana
  CHECK(DisplayWidth("１２") == 4);      // fullwidth digits
  CHECK(DisplayWidth("🎫") == 2);
  CHECK(DisplayWidth("ok 🔋") == 5);
  CHECK(CodepointWidth(U'가') == 2);     // hangul syllable
}

TEST_CASE("text width: combining marks and zero-width characters count zero", "[text_width]") {
  CHECK(DisplayWidth("e\xCC\x81") == 1);  // e + U+0301 combining acute
  CHECK(DisplayWidth("é") == 1);          // precomposed
  CHECK(CodepointWidth(0x200D) == 0);     // zero-width joiner
  CHECK(CodepointWidth(0xFE0F) == 0);     // variation selector 16
  CHECK(CodepointWidth(0x0301) == 0);
}

TEST_CASE("text width: latin, greek and box drawing count one", "[text_width]") {
  CHECK(DisplayWidth("Ωµ€") == 3);
  CHECK(DisplayWidth("▁▂█…") == 4);
}

TEST_CASE("text width: invalid utf-8 counts one column per bad byte", "[text_width]") {
  CHECK(DisplayWidth("a\xFF" "b") == 3);
  CHECK(DisplayWidth("\xE5\xA3") == 2);  // truncated 3-byte sequence
  CHECK(DisplayWidth("\xC0\xAF") == 2);  // overlong '/'
  CHECK(DisplayWidth("\xED\xA0\x80") == 3);  // a UTF-16 surrogate
}

TEST_CASE("text width: sanitizing replaces control characters and bad bytes", "[text_width]") {
  CHECK(SanitizeForTerminal("gate 1") == "gate 1");
  CHECK(SanitizeForTerminal("a\nb\tc") == "a\uFFFDb\uFFFDc");
  CHECK(SanitizeForTerminal("\x1b[31mred") == "\uFFFD[31mred");
  CHECK(SanitizeForTerminal("x\xFFy") == "x\uFFFDy");
  CHECK(SanitizeForTerminal("\xC2\x9B") == "\uFFFD");  // C1 CSI
  CHECK(SanitizeForTerminal("売店 é") == "売店 é");
}

TEST_CASE("text width: truncation cuts between characters and adds an ellipsis", "[text_width]") {
  CHECK(TruncateToWidth("primary", 10) == "primary");
  CHECK(TruncateToWidth("primary", 7) == "primary");
  CHECK(TruncateToWidth("primary", 5) == "prim…");
  CHECK(TruncateToWidth("売店売店", 5) == "売店…");  // 4 + 1
  CHECK(TruncateToWidth("売店売店", 4) == "売…");    // a wide char never splits
  CHECK(DisplayWidth(TruncateToWidth("売店売店", 4)) == 3);
  CHECK(TruncateToWidth("e\xCC\x81" "e\xCC\x81" "xyz", 3) == "e\xCC\x81" "e\xCC\x81…");
  CHECK(TruncateToWidth("abc", 1) == "…");
  CHECK(TruncateToWidth("abc", 0).empty());
  CHECK(TruncateToWidth("abc", -4).empty());
}

}  // namespace
}  // namespace evt
