#include <catch2/catch.hpp>

#include "common/clock.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/cost_report.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;

namespace {

const char* kMoneyConfig = R"({
  "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
  "components": {"checkout": "critical", "analytics": "non-essential"},
  "budgets": [{"name": "edge", "unit": "money", "limit": 5000, "currency": "EUR"}]
})";

Value Usage(const std::string& id, TimePoint ts, const std::string& component, std::int64_t qty) {
  return Value::object({{"kind", "usage"}, {"v", 1}, {"ts", FormatRfc3339(ts)}, {"id", id},
                        {"component", component}, {"resource", "edge.exec"}, {"qty", qty}});
}

// Feeds `component` 1,000,000 executions (60 cents) every 10 minutes from
// 10:00 until `clock` reaches `until`, advancing the clock as it goes.
void Feed(Ledger& ledger, const BudgetConfig& config, ManualClock& clock, TimePoint until,
          const std::string& component, std::int64_t qty) {
  REQUIRE(ledger.Begin().ok());
  Ingester ingester(config, ledger, until);
  for (int i = 0; clock.Now() < until; ++i) {
    auto applied = ingester.Apply(Usage(component + std::to_string(i), clock.Now(), component, qty));
    REQUIRE(applied.ok());
    clock.Advance(std::chrono::minutes(10));
  }
  REQUIRE(ledger.Commit().ok());
}

}  // namespace

TEST_CASE("budget forecast: spend, linear projection and run-out time, exactly", "[budget]") {
  BudgetConfig config = MustConfig(kMoneyConfig);
  auto ledger = Ledger::OpenMemory();
  REQUIRE(ledger.ok());
  ManualClock clock(At("2026-12-05T10:00:00Z"));
  Feed(*ledger, config, clock, At("2026-12-05T12:00:00Z"), "checkout", 1000000);
  REQUIRE(clock.Now() == At("2026-12-05T12:00:00Z"));

  auto status = EvaluateBudgets(config, *ledger, clock.Now(), {});
  REQUIRE(status.ok());
  const BudgetStatus& s = status->at(0);
  // 12 x 60 cents spent; 360 an hour lately, for 10 more hours.
  CHECK(s.spent_money == Rational(720));
  CHECK(s.forecast_money == Rational(720 + 3600));
  CHECK(s.ratio == Approx(0.144));
  CHECK(s.forecast_ratio == Approx(0.864));
  // 360/h over a 12h window against 5000: 0.864x the sustainable pace.
  CHECK(s.burn_rate == Approx(0.864));
  REQUIRE(s.runs_out_at.has_value());
  // (5000 - 720) / 360 per hour = 11h53m20s after noon.
  CHECK(FormatRfc3339(*s.runs_out_at) == "2026-12-05T23:53:20.000Z");
  CHECK(s.state == State::kOk);
}

TEST_CASE("budget forecast: the recent rate drives the projection, and state follows it", "[budget]") {
  BudgetConfig config = MustConfig(kMoneyConfig);
  auto ledger = Ledger::OpenMemory();
  REQUIRE(ledger.ok());
  ManualClock clock(At("2026-12-05T10:00:00Z"));
  Feed(*ledger, config, clock, At("2026-12-05T11:00:00Z"), "checkout", 1000000);
  // A surge in the second hour: analytics burns 10x that.
  Feed(*ledger, config, clock, At("2026-12-05T12:00:00Z"), "analytics", 10000000);
  auto status = EvaluateBudgets(config, *ledger, clock.Now(), {});
  REQUIRE(status.ok());
  const BudgetStatus& s = status->at(0);
  CHECK(s.spent_money == Rational(360 + 3600));
  // The last hour ran at 3600/h: 10 more hours of it.
  CHECK(s.forecast_money == Rational(3960 + 36000));
  CHECK(s.state == State::kOver);
  // Shedding analytics (non-essential) leaves only what checkout spends
  // lately (nothing in the last hour), so level 1 fits.
  REQUIRE(s.forecast_ratio_at_level[0].has_value());
  CHECK(*s.forecast_ratio_at_level[0] == Approx(39960.0 / 5000));
  CHECK(*s.forecast_ratio_at_level[1] == Approx(3960.0 / 5000));
}

TEST_CASE("budget forecast: a shed component's spend is estimated back from its average", "[budget]") {
  BudgetConfig config = MustConfig(kMoneyConfig);
  auto ledger = Ledger::OpenMemory();
  REQUIRE(ledger.ok());
  ManualClock clock(At("2026-12-05T10:00:00Z"));
  Feed(*ledger, config, clock, At("2026-12-05T11:00:00Z"), "analytics", 1000000);
  clock.Set(At("2026-12-05T12:00:00Z"));  // analytics shed since 11:00: nothing lately
  auto restored = EvaluateBudgets(config, *ledger, clock.Now(), {1, false});
  REQUIRE(restored.ok());
  // 360 spent over 2h: 180/h for the 10h left if it came back.
  CHECK(*restored->at(0).forecast_ratio_at_level[0] == Approx((360.0 + 1800) / 5000));
  CHECK(*restored->at(0).forecast_ratio_at_level[1] == Approx(360.0 / 5000));
}

TEST_CASE("budget report: cost per 1000 units per component, exactly, against the bound", "[budget]") {
  BudgetConfig config = MustConfig(R"({
    "rates": {"edge.exec": {"per": 1000000, "price": 60, "currency": "EUR"}},
    "budgets": [{"name": "edge", "unit": "money", "limit": 5000, "currency": "EUR",
                 "cost_per_1k": {"resource": "edge.exec", "max": 0.05}}]})");
  auto ledger = Ledger::OpenMemory();
  REQUIRE(ledger.ok());
  ManualClock clock(At("2026-12-05T10:00:00Z"));
  Feed(*ledger, config, clock, At("2026-12-05T10:30:00Z"), "checkout", 333333);
  auto lines = CostReport(config, *ledger, "edge.exec", 1000, clock.Now());
  REQUIRE(lines.ok());
  REQUIRE(lines->size() == 1);
  const CostLine& l = lines->at(0);
  CHECK(l.qty_micro == 999999000000);
  CHECK(l.cost == Rational(999999 * 60, 1000000));     // 59.99994 cents, exactly
  CHECK(l.cost.RoundHalfUp() == 60);
  CHECK(l.cost_per == Rational(6, 100));                // 0.06 cent per 1000, as the rate says
  REQUIRE(l.max.has_value());
  CHECK(*l.max == Rational(5, 100));
  CHECK(l.cost_per > *l.max);
  CHECK_FALSE(CostReport(config, *ledger, "gpu.h", 1000, clock.Now()).ok());
}
