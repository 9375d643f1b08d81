#include "common/word_wrap.h"

#include <catch2/catch.hpp>

#include "common/text_width.h"

using evt::WrapIndented;
using evt::WrapWords;
using Lines = std::vector<std::string>;

TEST_CASE("word wrap: words move to the next line whole", "[word_wrap]") {
  CHECK(WrapWords("the quick brown fox", 9) == Lines{"the quick", "brown fox"});
  CHECK(WrapWords("the quick brown fox", 100) == Lines{"the quick brown fox"});
  CHECK(WrapWords("  spaced   out  ", 100) == Lines{"spaced out"});
  CHECK(WrapWords("", 10).empty());
}

TEST_CASE("word wrap: a word wider than the line is cut between characters", "[word_wrap]") {
  CHECK(WrapWords("see https://shop.example/health", 10) == Lines{"see", "https://sh", "op.example", "/health"});
  // "é" is two bytes and one column; a cut never splits it.
  CHECK(WrapWords("ééééé", 2) == Lines{"éé", "éé", "é"});
}

TEST_CASE("word wrap: line breaks in the text stay, a blank line too", "[word_wrap]") {
  CHECK(WrapWords("one\ntwo three", 20) == Lines{"one", "two three"});
  CHECK(WrapWords("one\n\ntwo", 20) == Lines{"one", "", "two"});
}

TEST_CASE("word wrap: indented lines fit the width with their indent", "[word_wrap]") {
  const std::string text = WrapIndented("a description long enough to need three lines here", 24, 4);
  CHECK(text == "    a description long\n    enough to need three\n    lines here\n");
  for (int width : {12, 24, 40}) {
    std::size_t start = 0;
    const std::string wrapped = WrapIndented("words of every length: a, ab, abcdefghijklmnopqrstuvwxyz", width, 4);
    while (start < wrapped.size()) {
      const std::size_t end = wrapped.find('\n', start);
      CHECK(evt::DisplayWidth(std::string_view(wrapped).substr(start, end - start)) <= width);
      start = end + 1;
    }
  }
}
