#include "common/closest_match.h"

#include <catch2/catch.hpp>

using evt::ClosestMatch;
using evt::EditDistance;

TEST_CASE("closest match: a swap of neighbours costs one edit, as a typo does", "[closest_match]") {
  CHECK(EditDistance("status", "status") == 0);
  CHECK(EditDistance("statsu", "status") == 1);
  CHECK(EditDistance("stauts", "status") == 1);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("abc", "") == 3);
  CHECK(EditDistance("kitten", "sitting") == 3);
  // Optimal string alignment: no substring is edited twice, so "ca" to
  // "abc" is 3 (true Damerau-Levenshtein would say 2).
  CHECK(EditDistance("ca", "abc") == 3);
}

TEST_CASE("closest match: a typo gets the nearest candidate, a stranger word none", "[closest_match]") {
  const std::vector<std::string> commands = {"status", "doctor", "hold", "failover", "budget", "token"};
  CHECK(ClosestMatch("statsu", commands) == "status");
  CHECK(ClosestMatch("falover", commands) == "failover");
  CHECK(ClosestMatch("tokn", commands) == "token");
  CHECK(ClosestMatch("hodl", commands) == "hold");
  CHECK_FALSE(ClosestMatch("frobnicate", commands));
  CHECK_FALSE(ClosestMatch("x", commands));
  CHECK_FALSE(ClosestMatch("status", commands));
  CHECK_FALSE(ClosestMatch("anything", {}));
}

TEST_CASE("closest match: the threshold grows with the word, a third of its length", "[closest_match]") {
  // Two edits are a typo of a six-letter word, not of a five-letter one.
  CHECK(ClosestMatch("stxtxs", {"status"}) == "status");
  CHECK_FALSE(ClosestMatch("txkxn", {"token"}));
  CHECK(ClosestMatch("txken", {"token"}) == "token");
  // On a tie the earlier candidate wins, so the answer does not depend on
  // how a set happened to be ordered in memory.
  CHECK(ClosestMatch("rin", {"run", "rip"}) == "run");
  CHECK(ClosestMatch("rin", {"rip", "run"}) == "rip");
}
