#include "common/man_page_roff.h"

#include <catch2/catch.hpp>

using evt::RoffCode;
using evt::RoffText;

TEST_CASE("man page roff: backslashes print as themselves", "[roff]") {
  CHECK(RoffText(R"(C:\temp \fB)") == R"(C:\etemp \efB)");
  CHECK(RoffCode(R"({"a":"\"x\""})") == R"({"a":"\e"x\e""})");
}

TEST_CASE("man page roff: a line never turns into a request", "[roff]") {
  CHECK(RoffText(".SH not a heading") == "\\&.SH not a heading");
  CHECK(RoffText("'br") == "\\&'br");
  CHECK(RoffText("one\n.two\n  'three") == "one\n\\&.two\n\\&'three");
  CHECK(RoffText("a.b 'c'") == "a.b 'c'");
  CHECK(RoffCode(".x") == "\\&.x");
}

TEST_CASE("man page roff: options get minus signs and no hyphenation", "[roff]") {
  CHECK(RoffText("run with --errors-as-records") == "run with \\%\\-\\-errors\\-as\\-records");
  CHECK(RoffText("or - for stdin") == "or \\%\\- for stdin");
  CHECK(RoffText("(--json)") == "(\\%\\-\\-json)");
  CHECK(RoffText("-n") == "\\%\\-n");
  // Hyphenated words and command names keep their hyphens.
  CHECK(RoffText("a one-line summary, e.g. evt-price") == "a one-line summary, e.g. evt-price");
}

TEST_CASE("man page roff: code keeps its blanks and every hyphen is a minus", "[roff]") {
  CHECK(RoffCode("  \"ts\": \"2026-11-23\", -3") == "  \"ts\": \"2026\\-11\\-23\", \\-3");
  CHECK(RoffText("   indented") == "indented");
}

TEST_CASE("man page roff: characters past ASCII become named code points", "[roff]") {
  CHECK(RoffText("caf\xc3\xa9") == "caf\\[u00E9]");
  CHECK(RoffText("\xe2\x82\xac" "5") == "\\[u20AC]5");
  CHECK(RoffText("\xf0\x9f\x98\x80") == "\\[u1F600]");
  CHECK(RoffText("bad \xff byte") == "bad \\[uFFFD] byte");
  CHECK(RoffText("cut \xc3") == "cut \\[uFFFD]");
}

TEST_CASE("man page roff: macro arguments and running text differ only where they must", "[roff]") {
  // In a macro argument a '"' would end the argument; in running text it is itself.
  CHECK(evt::RoffEscape("say \"hi\"") == "say \\(dqhi\\(dq");
  CHECK(RoffText("say \"hi\"") == "say \"hi\"");
  // Names take \- for every hyphen; prose only in option words.
  CHECK(evt::RoffName("evt-price") == "evt\\-price");
  CHECK(evt::RoffEscape("use --state-dir") == "use \\-\\-state\\-dir");
  CHECK(evt::RoffEscape("a one-line summary") == "a one-line summary");
  CHECK(evt::RoffEscape("tab\there") == "tab here");
}

TEST_CASE("man page roff: in schema prose a quoted -Inf is a value, not an option", "[roff]") {
  CHECK(RoffText("\"+Inf\" or \"-Inf\"") == "\"+Inf\" or \"-Inf\"");
  CHECK(evt::RoffEscape("[-n]") == "[\\-n]");
}
