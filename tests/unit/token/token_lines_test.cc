// Tokens read line by line from a file descriptor, with bounded memory.
#include "tools/token/token_lines.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/token/jws.h"

using evt::token::TokenLine;
using evt::token::TokenLineReader;

namespace {

// Reads everything `input` holds through a temporary file.
std::vector<TokenLine> ReadAll(const std::string& input) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(input.data(), 1, input.size(), f) == input.size());
  std::fflush(f);
  std::rewind(f);
  TokenLineReader reader(fileno(f));
  std::vector<TokenLine> out;
  while (true) {
    auto next = reader.Next();
    REQUIRE(next.ok());
    if (!next->has_value()) break;
    out.push_back(**next);
  }
  std::fclose(f);
  return out;
}

}  // namespace

TEST_CASE("token lines: blank lines skipped, CRLF and blanks trimmed, last line without newline") {
  auto lines = ReadAll("a.b.c\r\n\n   \n  d.e.f \nlast");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "a.b.c");
  CHECK(lines[0].line == 1);
  CHECK(lines[1].text == "d.e.f");
  CHECK(lines[1].line == 4);
  CHECK(lines[2].text == "last");
  CHECK(lines[2].line == 5);
}

TEST_CASE("token lines: an overlong line is reported, not held, and the next one still read") {
  std::string huge(evt::token::kMaxTokenBytes * 5, 'A');
  auto lines = ReadAll("x.y.z\n" + huge + "\nnext\n" + huge);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "x.y.z");
  CHECK(lines[1].too_long);
  CHECK(lines[1].text.empty());
  CHECK(lines[1].line == 2);
  CHECK(lines[2].text == "next");
  CHECK(lines[2].line == 3);
  CHECK(lines[3].too_long);
}

TEST_CASE("token lines: a line of exactly the limit is a token, one byte more is not") {
  std::string at_limit(evt::token::kMaxTokenBytes, 'B');
  auto lines = ReadAll(at_limit + "\n" + at_limit + "B\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text.size() == evt::token::kMaxTokenBytes);
  CHECK(lines[1].too_long);
}

TEST_CASE("token lines: many lines across read boundaries keep their numbers") {
  std::string input;
  for (int i = 1; i <= 5000; ++i) input += "t" + std::to_string(i) + "\n";
  auto lines = ReadAll(input);
  REQUIRE(lines.size() == 5000);
  CHECK(lines[4999].text == "t5000");
  CHECK(lines[4999].line == 5000);
}
