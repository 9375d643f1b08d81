#include <catch2/catch.hpp>

#include "tools/budget/prometheus_rules.h"
#include "tests/unit/budget/budget_test_util.h"

namespace evt::budget {
namespace {

using testing::MustConfig;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("rules: an error budget of a 12-hour event gets the workbook's pairs scaled to 12 hours") {
  BudgetConfig c = MustConfig(R"({"budgets": [{"name": "slo", "unit": "error", "objective": 0.999,
                                    "window": "event", "events_from": "checkout"}]})");
  std::string yaml = PrometheusRulesYaml(c);
  INFO(yaml);
  // 1h/720h x 12h = 1m long; 5m scaled is 5s, floored at 5 x the 5s sample interval.
  CHECK(Count(yaml, "- alert: EvtErrorBudgetBurn") == 4);
  CHECK_THAT(yaml, Catch::Contains(R"(evt_budget:burn_rate:1m{site=\"t\",budget=\"slo\"} > 14.4 and )"
                                   R"(evt_budget:burn_rate:25s{site=\"t\",budget=\"slo\"} > 14.4")"));
  CHECK_THAT(yaml, Catch::Contains(R"(evt_budget:burn_rate:1h12m{site=\"t\",budget=\"slo\"} > 1 and)"));
  CHECK_THAT(yaml, Catch::Contains(R"(avg_over_time({__name__=~\"evt_probe_success|evt_flow_success\",site=\"t\",)"
                                   R"(target=\"checkout\"}[1m]))) / 0.001")"));
  // One recording rule per distinct window: 1m, 25s, 6m, 30s, 24m, 2m, 1h12m (6m is shared).
  CHECK(Count(yaml, "- record: ") == 7);
  // The default thresholds (0.8, 1) on the share of the budget consumed, as status applies them.
  CHECK(Count(yaml, "- alert: EvtBudgetThreshold\n") == 2);
}

TEST_CASE("rules: an hourly error budget has shorter windows than an event's") {
  BudgetConfig c = MustConfig(R"({"sample_interval": "1s", "budgets": [{"name": "slo", "unit": "error",
                                    "objective": 0.99, "window": "hour", "events_from": "gate"}]})");
  std::string yaml = PrometheusRulesYaml(c);
  INFO(yaml);
  // 1h/720h x 1h = 5s long; the short window floors at 5 x 1s and stretches the long one.
  CHECK_THAT(yaml, Catch::Contains(R"(evt_budget:burn_rate:5s{site=\"t\",budget=\"slo\"} > )"));
  CHECK_THAT(yaml, Catch::Contains("/ 0.01\""));
}

TEST_CASE("rules: a threshold alert per money threshold and per forecast threshold, paging from 1") {
  BudgetConfig c = MustConfig(R"({"rates": {"edge": {"per": 1, "price": 1, "currency": "EUR"}},
      "budgets": [{"name": "spend", "unit": "money", "limit": 100, "currency": "EUR",
                   "thresholds": [0.5, 1.0], "forecast_thresholds": [0.9]}]})");
  std::string yaml = PrometheusRulesYaml(c);
  INFO(yaml);
  CHECK(Count(yaml, "- alert: EvtBudgetThreshold\n") == 2);
  CHECK(Count(yaml, "- alert: EvtBudgetForecastThreshold\n") == 1);
  CHECK_THAT(yaml, Catch::Contains(R"(expr: "evt_budget_ratio{site=\"t\",budget=\"spend\"} >= 0.5")"));
  CHECK_THAT(yaml, Catch::Contains(R"(expr: "evt_budget_forecast_ratio{site=\"t\",budget=\"spend\"} >= 0.9")"));
  CHECK(Count(yaml, "severity: \"page\"") == 1);
  CHECK(Count(yaml, "- record: ") == 0);
}

TEST_CASE("rules: a site with no budgets is an empty group, not a broken file") {
  BudgetConfig c = MustConfig(R"({"budgets": []})");
  CHECK_THAT(PrometheusRulesYaml(c), Catch::EndsWith("    rules: []\n"));
}

TEST_CASE("rules: quotes, backslashes and newlines in names survive PromQL and YAML quoting") {
  CHECK(PromString("a\"b\\c\nd") == R"("a\"b\\c\nd")");
  BudgetConfig c = MustConfig(R"({"budgets": [{"name": "slo", "unit": "error", "objective": 0.999,
                                    "window": "event", "events_from": "ch\"eck"}]})",
                              R"({"name": "pop\\up", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-05T22:00:00Z"})");
  std::string yaml = PrometheusRulesYaml(c);
  INFO(yaml);
  CHECK_THAT(yaml, Catch::Contains(R"(evt_flow_success\",site=\"pop\\\\up\",target=\"ch\\\"eck\"})"));
  CHECK_THAT(yaml, Catch::Contains(R"(site: "pop\\up")"));
}

TEST_CASE("rules: PromDuration writes what PromQL reads") {
  CHECK(PromDuration(std::chrono::seconds(90)) == "1m30s");
  CHECK(PromDuration(std::chrono::hours(72)) == "3d");
  CHECK(PromDuration(std::chrono::milliseconds(1500)) == "1s500ms");
}

}  // namespace
}  // namespace evt::budget
