#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/json_parse.h"
#include "engine/detect/raise_clear_rule.h"

namespace evt::detect {
namespace {

Score Warm(double score) { return Score{score, NAN, NAN, true}; }

// The transitions for `scores`, as a string: '.' none, 'R' raise, 'C' clear.
std::string Run(RaiseClearRule& rule, const std::vector<double>& scores) {
  std::string out;
  for (double s : scores) {
    Transition t = rule.Update(Warm(s));
    out += t == Transition::kRaise ? 'R' : t == Transition::kClear ? 'C' : '.';
  }
  return out;
}

TEST_CASE("raise/clear rule: one outlier never raises with the defaults") {
  RaiseClearRule rule;
  CHECK(Run(rule, {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0}) == ".............");
  CHECK_FALSE(rule.raised());
}

TEST_CASE("raise/clear rule: 3 of the last 5 raise, once per episode, and 5 below clear") {
  RaiseClearRule rule;
  CHECK(Run(rule, {0.9, 0, 0.9, 0, 0.9, 0.9, 0.9, 0.9, 0.4, 0.9}) == "....R.....");
  CHECK(rule.raised());
  // 0.4 is neither above 0.6 nor below 0.3: it holds the alert.
  CHECK(Run(rule, {0.1, 0.1, 0.1, 0.1, 0.4, 0.1, 0.1, 0.1, 0.1, 0.1}) == ".........C");
  CHECK_FALSE(rule.raised());
  CHECK(Run(rule, {0.9, 0.9}) == "..");
  CHECK(Run(rule, {0.9}) == "R");
}

TEST_CASE("raise/clear rule: scores that are not warm neither raise nor clear") {
  RaiseClearRule rule;
  CHECK(Run(rule, {0.9, 0.9}) == "..");
  CHECK(rule.Update(Score{}) == Transition::kNone);
  CHECK(Run(rule, {0.9}) == "R");
  for (int i = 0; i < 10; ++i) CHECK(rule.Update(Score{}) == Transition::kNone);
  CHECK(rule.raised());
}

TEST_CASE("raise/clear rule: spec read strictly, errors name the key") {
  auto parse = [](std::string_view json) -> Result<RuleSpec> {
    ConfigOrigin origin;
    origin.file = "event.json";
    Result<ConfigObject> o = ConfigObject::FromValue(ParseJson(json, "t").value(), "/detect/rules/0", origin);
    REQUIRE(o.ok());
    EVT_ASSIGN_OR_RETURN(RuleSpec spec, ParseRuleSpec(*o));
    EVT_RETURN_IF_ERROR(o->Finish());
    return spec;
  };
  Result<RuleSpec> ok = parse(R"({"raise_count":2,"raise_window":4,"clear_after":3})");
  REQUIRE(ok.ok());
  CHECK(ok->raise_count == 2);
  CHECK(ok->raise_above == 0.6);
  Result<RuleSpec> count = parse(R"({"raise_count":7})");
  REQUIRE_FALSE(count.ok());
  CHECK(count.status().code() == ExitCode::kConfig);
  CHECK(count.status().message() == "event.json: /detect/rules/0/raise_count: expected 1..5 (raise_window), got 7");
  Result<RuleSpec> clear = parse(R"({"clear_below":0.8})");
  REQUIRE_FALSE(clear.ok());
  CHECK_THAT(clear.status().message(), Catch::StartsWith("event.json: /detect/rules/0/clear_below: expected at most"));
  Result<RuleSpec> unknown = parse(R"({"raise":1})");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::StartsWith("event.json: /detect/rules/0/raise: unknown key"));
  Result<RuleSpec> ratio = parse(R"({"raise_above":50})");
  REQUIRE_FALSE(ratio.ok());
}

}  // namespace
}  // namespace evt::detect
