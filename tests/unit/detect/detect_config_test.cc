#include <catch2/catch.hpp>

#include "tests/unit/detect/detect_test_util.h"

using namespace evt;
using namespace evt::detect;
using evt::detect::testing::ConfigDir;

namespace {

std::string Refusal(const std::string& detect) {
  ConfigDir dir;
  Result<DetectSection> d = dir.Read(detect);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ExitCode::kConfig);
  return d.status().message();
}

}  // namespace

TEST_CASE("detect config: series, rules and models read with their defaults") {
  ConfigDir dir;
  Result<DetectSection> d = dir.Read(R"({"series": [
      {"name": "latency", "kind": "probe", "match": {"target": "checkout"}, "field": "total_ms", "model": "fast"},
      {"name": "ok", "kind": "flow", "field": "ok", "rule": "slow"}],
    "rules": {"slow": {"raise_count": 2, "raise_window": 3, "clear_after": 2}},
    "models": {"fast": {"kind": "holt", "alpha": 0.2}},
    "model_file": "model.json", "max_series": 50})");
  REQUIRE(d.ok());
  REQUIRE(d->series.size() == 2);
  CHECK(d->series[0].match == std::vector<std::pair<std::string, std::string>>{{"target", "checkout"}});
  CHECK(d->series[0].rule == "default");
  CHECK(d->series[1].model == "default");
  CHECK(d->rules.at("slow").raise_count == 2);
  CHECK(d->rules.at("slow").raise_above == RuleSpec{}.raise_above);
  CHECK(d->rules.count("default") == 1);
  CHECK(d->models.at("fast").kind == "holt");
  CHECK(d->models.at("fast").alpha == 0.2);
  CHECK(d->models.at("default").kind == "robust_z");
  CHECK(*d->model_file == dir.dir + "/model.json");
  CHECK(d->max_series == 50);
}

TEST_CASE("detect config: an absent section is no series and the defaults") {
  ConfigDir dir;
  Result<DetectSection> d = dir.Read("{}");
  REQUIRE(d.ok());
  CHECK(d->series.empty());
  CHECK(d->max_series == kDefaultMaxSeries);
  CHECK_FALSE(d->model_file.has_value());
}

TEST_CASE("detect config: unknown keys are named with their pointer") {
  CHECK_THAT(Refusal(R"({"series": [{"name": "a", "kind": "probe", "field": "total_ms", "fild": "x"}]})"),
             Catch::Contains("/detect/series/0/fild: unknown key"));
  CHECK_THAT(Refusal(R"({"rules": {"default": {"raise_over": 0.5}}})"),
             Catch::Contains("/detect/rules/default/raise_over: unknown key"));
  CHECK_THAT(Refusal(R"({"modles": {}})"), Catch::Contains("/detect/modles: unknown key"));
}

TEST_CASE("detect config: a series naming a missing model or rule is refused") {
  CHECK_THAT(Refusal(R"({"series": [{"name": "a", "kind": "probe", "field": "total_ms", "model": "nope"}]})"),
             Catch::Contains("/detect/series/0/model: no model \"nope\""));
  CHECK_THAT(Refusal(R"({"series": [{"name": "a", "kind": "probe", "field": "total_ms", "rule": "nope"}]})"),
             Catch::Contains("/detect/series/0/rule: no rule \"nope\""));
}

TEST_CASE("detect config: bad rule and model parameters are refused where they are") {
  CHECK_THAT(Refusal(R"({"rules": {"r": {"raise_count": 6, "raise_window": 5}}})"),
             Catch::Contains("/detect/rules/r/raise_count"));
  CHECK_THAT(Refusal(R"({"rules": {"r": {"raise_above": 90}}})"), Catch::Contains("/detect/rules/r/raise_above"));
  CHECK_THAT(Refusal(R"({"max_series": 0})"), Catch::Contains("/detect/max_series: expected 1 to"));
  CHECK_THAT(Refusal(R"({"models": {"m": {"kind": "prophet"}}})"), Catch::Contains("/detect/models/m/kind"));
  CHECK_THAT(Refusal(R"({"models": {"m": {"kind": "holt", "bins": 5}}})"), Catch::Contains("/detect/models/m/bins: unknown key"));
}

TEST_CASE("detect config: series names are unique, non-empty and usable as Prometheus label values") {
  CHECK_THAT(Refusal(R"({"series": [{"name": "a", "kind": "probe", "field": "x"}, {"name": "a", "kind": "flow", "field": "y"}]})"),
             Catch::Contains("/detect/series/1/name: \"a\" names series/0 already"));
  CHECK_THAT(Refusal(R"({"series": [{"name": "", "kind": "probe", "field": "x"}]})"),
             Catch::Contains("/detect/series/0/name: expected a non-empty string"));
  CHECK_THAT(Refusal(R"({"series": [{"name": "a{b}", "kind": "probe", "field": "x"}]})"),
             Catch::Contains("/detect/series/0/name: expected a name without braces"));
  CHECK_THAT(Refusal(R"({"series": [{"name": "a", "kind": "probe", "field": "phases..ttfb_ms"}]})"),
             Catch::Contains("/detect/series/0/field: expected a field name or a dotted path"));
}
