#include "common/text_fit.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/text_width.h"

namespace evt {
namespace {

TEST_CASE("text fit: a middle cut keeps the head and the tail", "[text_fit]") {
  CHECK(TruncateMiddle("http://127.0.0.1:8080/health", 30) == "http://127.0.0.1:8080/health");
  CHECK(TruncateMiddle("http://127.0.0.1:8080/health", 15) == "http://…/health");
  CHECK(TruncateMiddle("http://127.0.0.1:8080/health", 15, 10) == "http…080/health");
  CHECK(DisplayWidth(TruncateMiddle("http://127.0.0.1:8080/health", 15)) == 15);
}

TEST_CASE("text fit: a middle cut gives the tail what it asks within the width", "[text_fit]") {
  CHECK(TruncateMiddle("abcdefghij", 5, 0) == "abcd…");
  CHECK(TruncateMiddle("abcdefghij", 5, 4) == "…ghij");
  CHECK(TruncateMiddle("abcdefghij", 5, 99) == "…ghij");
  CHECK(TruncateMiddle("abcdefghij", 1) == "…");
  CHECK(TruncateMiddle("abcdefghij", 0).empty());
}

TEST_CASE("text fit: a middle cut never splits a wide character or a combining mark", "[text_fit]") {
  // 売店売店売店 is 12 columns; at 6 the head and tail take whole characters.
  const std::string cut = TruncateMiddle("売店売店売店", 6);
  CHECK(cut == "売…店");
  CHECK(DisplayWidth(cut) <= 6);
  CHECK(TruncateMiddle("Cafe\xCC\x81-Cafe\xCC\x81-Cafe\xCC\x81", 7, 3) == "Caf…afe\xCC\x81");
}

TEST_CASE("text fit: words wrap at spaces within the width", "[text_fit]") {
  CHECK(WrapToWidth("probe timed out after 3 attempts", 12) ==
        std::vector<std::string>{"probe timed", "out after 3", "attempts"});
  CHECK(WrapToWidth("short", 12) == std::vector<std::string>{"short"});
  CHECK(WrapToWidth("", 12) == std::vector<std::string>{""});
  CHECK(WrapToWidth("a  b", 12) == std::vector<std::string>{"a b"});
}

TEST_CASE("text fit: a word longer than a line is broken between characters", "[text_fit]") {
  CHECK(WrapToWidth("see http://127.0.0.1:8080/health", 10) ==
        std::vector<std::string>{"see", "http://127", ".0.0.1:808", "0/health"});
  const auto cjk = WrapToWidth("売店売店売店 閉店", 5);
  CHECK(cjk == std::vector<std::string>{"売店", "売店", "売店", "閉店"});
  for (const std::string& line : cjk) CHECK(DisplayWidth(line) <= 5);
  CHECK(WrapToWidth("abc", 0) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("text fit: lines above a table wrap one by one and keep their spacing when they fit", "[text_fit]") {
  CHECK(WrapLines("subtotal 30.49  total 30.49 EUR\nawaiting approval: evt-runbook approve d-7f3a", 24) ==
        "subtotal 30.49 total\n30.49 EUR\nawaiting approval:\nevt-runbook approve\nd-7f3a\n");
  CHECK(WrapLines("subtotal 30.49  total 30.49 EUR\n", 40) == "subtotal 30.49  total 30.49 EUR\n");
  CHECK(WrapLines("long line\x1b[2J", 0) == "long line\uFFFD[2J\n");
  CHECK(WrapLines("", 10).empty());
}

}  // namespace
}  // namespace evt
