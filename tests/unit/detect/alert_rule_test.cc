#include <catch2/catch.hpp>

#include <vector>

#include "tools/detect/alert_rule.h"

using namespace evt::detect;

namespace {

// The edges a rule gives for `scores`, as R (raise), C (clear) or . (none).
std::string Edges(const RuleSpec& spec, const std::vector<double>& scores) {
  AlertRule rule(spec);
  std::string out;
  for (double s : scores) {
    Edge e = rule.Observe(s);
    out += e == Edge::kRaise ? 'R' : e == Edge::kClear ? 'C' : '.';
  }
  return out;
}

RuleSpec ThreeOfFive() { return RuleSpec{0.9, 3, 5, 0.5, 2}; }

}  // namespace

TEST_CASE("alert rule: one high score is not an alert") {
  CHECK(Edges(ThreeOfFive(), {0.1, 0.99, 0.1, 0.1, 0.1, 0.1, 0.1}) == ".......");
}

TEST_CASE("alert rule: raises at the third of five above, once (edge-triggered)") {
  CHECK(Edges(ThreeOfFive(), {0.95, 0.1, 0.95, 0.1, 0.95, 0.99, 0.99}) == "....R..");
}

TEST_CASE("alert rule: scores older than raise_m slide out") {
  // Three above, but never three within any five in a row.
  CHECK(Edges(ThreeOfFive(), {0.95, 0.95, 0.1, 0.1, 0.1, 0.95, 0.1, 0.1}) == "........");
}

TEST_CASE("alert rule: clears after clear_after scores in a row below clear_below, not on one") {
  CHECK(Edges(ThreeOfFive(), {0.95, 0.95, 0.95, 0.1, 0.7, 0.1, 0.1}) == "..R...C");
}

TEST_CASE("alert rule: scores between clear_below and raise_above hold a raised rule") {
  CHECK(Edges(ThreeOfFive(), {0.95, 0.95, 0.95, 0.6, 0.6, 0.6, 0.6}) == "..R....");
}

TEST_CASE("alert rule: after a clear it counts afresh") {
  CHECK(Edges(ThreeOfFive(), {0.95, 0.95, 0.95, 0.1, 0.1, 0.95, 0.95, 0.95}) == "..R.C..R");
}

TEST_CASE("alert rule: raise_n = raise_m = 1 raises on the first high score") {
  CHECK(Edges(RuleSpec{0.9, 1, 1, 0.5, 1}, {0.1, 0.95, 0.1}) == ".RC");
}

TEST_CASE("alert rule: the widest window, 1000 of 1000") {
  RuleSpec spec{0.5, 1000, 1000, 0.4, 1};
  std::vector<double> scores(1000, 0.9);
  std::string edges = Edges(spec, scores);
  CHECK(edges.substr(0, 999) == std::string(999, '.'));
  CHECK(edges.back() == 'R');
}
