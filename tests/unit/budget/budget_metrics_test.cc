#include <catch2/catch.hpp>

#include "tools/budget/budget_metrics.h"

namespace evt::budget {
namespace {

BudgetSpec Spec(std::string name, BudgetUnit unit) {
  BudgetSpec spec;
  spec.name = std::move(name);
  spec.unit = unit;
  return spec;
}

BudgetStatus StatusOf(const BudgetSpec& spec, State state, double spent, double limit) {
  BudgetStatus s;
  s.spec = &spec;
  s.state = state;
  s.spent = spent;
  s.limit = limit;
  s.ratio = spent / limit;
  s.forecast_ratio = 0.75;
  s.burn_rate = 1.5;
  return s;
}

}  // namespace

TEST_CASE("budget metrics: one state series per state, 1 for the budget's own") {
  BudgetSpec spend = Spec("edge-spend", BudgetUnit::kMoney);
  BudgetSpec errors = Spec("checkout \"errors\"", BudgetUnit::kError);
  BudgetStatus over = StatusOf(errors, State::kOver, 12, 10);
  over.runs_out_at = TimePoint(std::chrono::milliseconds(1796521762025));
  std::string text = BudgetMetricsText({StatusOf(spend, State::kWarn, 237, 5000), over}, false);
  CHECK(text ==
        "# HELP evt_budget_spent spent in the budget's unit (minor units, Wh, bad events)\n"
        "# TYPE evt_budget_spent gauge\n"
        "evt_budget_spent{budget=\"edge-spend\",unit=\"money\"} 237\n"
        "evt_budget_spent{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 12\n"
        "# HELP evt_budget_limit the limit in the budget's unit\n"
        "# TYPE evt_budget_limit gauge\n"
        "evt_budget_limit{budget=\"edge-spend\",unit=\"money\"} 5000\n"
        "evt_budget_limit{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 10\n"
        "# HELP evt_budget_ratio spent / limit\n"
        "# TYPE evt_budget_ratio gauge\n"
        "evt_budget_ratio{budget=\"edge-spend\",unit=\"money\"} 0.0474\n"
        "evt_budget_ratio{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 1.2\n"
        "# HELP evt_budget_forecast_ratio forecast / limit at the end of the window\n"
        "# TYPE evt_budget_forecast_ratio gauge\n"
        "evt_budget_forecast_ratio{budget=\"edge-spend\",unit=\"money\"} 0.75\n"
        "evt_budget_forecast_ratio{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 0.75\n"
        "# HELP evt_budget_burn_rate recent burn rate; 1 uses exactly the budget by the end\n"
        "# TYPE evt_budget_burn_rate gauge\n"
        "evt_budget_burn_rate{budget=\"edge-spend\",unit=\"money\"} 1.5\n"
        "evt_budget_burn_rate{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 1.5\n"
        "# HELP evt_budget_state 1 for the state the budget is in (ok, warn, over), 0 for the others\n"
        "# TYPE evt_budget_state gauge\n"
        "evt_budget_state{budget=\"edge-spend\",state=\"ok\"} 0\n"
        "evt_budget_state{budget=\"edge-spend\",state=\"warn\"} 1\n"
        "evt_budget_state{budget=\"edge-spend\",state=\"over\"} 0\n"
        "evt_budget_state{budget=\"checkout \\\"errors\\\"\",state=\"ok\"} 0\n"
        "evt_budget_state{budget=\"checkout \\\"errors\\\"\",state=\"warn\"} 0\n"
        "evt_budget_state{budget=\"checkout \\\"errors\\\"\",state=\"over\"} 1\n"
        "# HELP evt_budget_runs_out_timestamp_seconds when the budget runs out at the recent rate\n"
        "# TYPE evt_budget_runs_out_timestamp_seconds gauge\n"
        "evt_budget_runs_out_timestamp_seconds{budget=\"checkout \\\"errors\\\"\",unit=\"error\"} 1796521762.025\n");
}

TEST_CASE("budget metrics: OpenMetrics gives the units its names end in, and ends with # EOF") {
  BudgetSpec battery = Spec("battery", BudgetUnit::kEnergy);
  std::string text = BudgetMetricsText({StatusOf(battery, State::kOk, 0, 1900)}, true);
  CHECK(text.find("# TYPE evt_budget_ratio gauge\n# UNIT evt_budget_ratio ratio\n") != std::string::npos);
  CHECK(text.find("# TYPE evt_budget_forecast_ratio gauge\n# UNIT evt_budget_forecast_ratio ratio\n") != std::string::npos);
  CHECK(text.find("# UNIT evt_budget_runs_out_timestamp_seconds seconds\n") != std::string::npos);
  CHECK(text.find("# UNIT evt_budget_spent") == std::string::npos);
  CHECK(text.find("evt_budget_state{budget=\"battery\",state=\"ok\"} 1\n") != std::string::npos);
  CHECK(text.ends_with("# EOF\n"));
  CHECK(BudgetMetricsText({StatusOf(battery, State::kOk, 0, 1900)}, false).find("# UNIT") == std::string::npos);
}

}  // namespace evt::budget
