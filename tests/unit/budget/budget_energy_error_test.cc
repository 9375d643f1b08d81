#include <catch2/catch.hpp>

#include "common/clock.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/ledger.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;

namespace {

void Gauge(Ledger& ledger, const char* name, const char* ts, double value) {
  REQUIRE(ledger.Begin().ok());
  REQUIRE(ledger.AddGauge({"ups", name, At(ts), value}).ok());
  REQUIRE(ledger.Commit().ok());
}

const char* kEnergy = R"({
  "components": {"ar": {"tier": "non-essential", "watts": 100}, "stream": {"tier": "degraded", "watts": 150}},
  "budgets": [{"name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 2000, "nominal_w": 1000,
               "reserve_wh": 100}]
})";

}  // namespace

TEST_CASE("budget energy: charge and load against the energy to reach the end", "[budget]") {
  BudgetConfig config = MustConfig(kEnergy);
  Ledger ledger = Ledger::OpenMemory().value();
  Gauge(ledger, "battery.charge", "2026-12-05T18:00:00Z", 0.8);
  Gauge(ledger, "ups.load", "2026-12-05T18:00:00Z", 0.4);
  auto status = EvaluateBudgets(config, ledger, At("2026-12-05T18:00:00Z"), {});
  REQUIRE(status.ok());
  const BudgetStatus& s = status->at(0);
  // 1600 Wh stored, 1500 above the reserve; 400 W for 4 hours is 1600 Wh.
  CHECK(s.spent == Approx(400));
  CHECK(s.limit == Approx(1900));
  CHECK(s.forecast == Approx(2000));
  CHECK(s.state == State::kOver);
  REQUIRE(s.runs_out_at.has_value());
  CHECK(FormatRfc3339(*s.runs_out_at) == "2026-12-05T21:45:00.000Z");  // 1500 Wh / 400 W
  // Shedding ar (100 W) leaves 300 W: 1200 Wh, which fits.
  CHECK(*s.forecast_ratio_at_level[1] == Approx((400.0 + 1200) / 1900));
  CHECK(*s.forecast_ratio_at_level[2] == Approx((400.0 + 600) / 1900));
}

TEST_CASE("budget energy: realpower beats load x nominal; runtime is used when shorter", "[budget]") {
  BudgetConfig config = MustConfig(kEnergy);
  Ledger ledger = Ledger::OpenMemory().value();
  Gauge(ledger, "battery.charge", "2026-12-05T18:00:00Z", 0.8);
  Gauge(ledger, "ups.load", "2026-12-05T18:00:00Z", 0.4);
  Gauge(ledger, "ups.realpower", "2026-12-05T18:00:00Z", 300);
  Gauge(ledger, "battery.runtime", "2026-12-05T18:00:00Z", 3600);  // the device says 1h
  auto status = EvaluateBudgets(config, ledger, At("2026-12-05T18:00:00Z"), {});
  REQUIRE(status.ok());
  const BudgetStatus& s = status->at(0);
  CHECK(s.forecast == Approx(400 + 1200));  // 300 W x 4 h
  // 1h of runtime for 1600 Wh, scaled to the 1500 above the reserve.
  CHECK(FormatRfc3339(*s.runs_out_at) == "2026-12-05T18:56:15.000Z");
}

TEST_CASE("budget energy: without load readings the charge's fall gives the load", "[budget]") {
  BudgetConfig config = MustConfig(kEnergy);
  Ledger ledger = Ledger::OpenMemory().value();
  Gauge(ledger, "battery.charge", "2026-12-05T17:30:00Z", 0.9);
  Gauge(ledger, "battery.charge", "2026-12-05T18:00:00Z", 0.8);  // 10% of 2000 Wh in 30 min: 400 W
  auto status = EvaluateBudgets(config, ledger, At("2026-12-05T18:00:00Z"), {});
  REQUIRE(status.ok());
  CHECK(status->at(0).forecast == Approx(400 + 1600));
}

TEST_CASE("budget error: a total outage pages on the scaled 12-hour windows at once", "[budget]") {
  BudgetConfig config = MustConfig(R"({"sample_interval": "1s",
    "budgets": [{"name": "slo", "unit": "error", "objective": 0.999, "events_from": "checkout"}]})");
  Ledger ledger = Ledger::OpenMemory().value();
  ManualClock clock(At("2026-12-05T12:00:00Z"));
  REQUIRE(ledger.Begin().ok());
  for (int i = 0; i < 600; ++i) {  // ten good minutes, one probe a second
    REQUIRE(ledger.AddEvent({"g" + std::to_string(i), clock.Now(), "checkout", true}).ok());
    clock.Advance(std::chrono::seconds(1));
  }
  REQUIRE(ledger.Commit().ok());
  auto before = EvaluateBudgets(config, ledger, clock.Now(), {});
  REQUIRE(before.ok());
  CHECK(before->at(0).state == State::kOk);
  CHECK_FALSE(before->at(0).alerts.at(0).firing);

  // One failed probe: 1 of 60 over the 1m long window is a burn of 16.7
  // (> 14.4), 1 of 5 over the 5s short window 200.
  REQUIRE(ledger.Begin().ok());
  REQUIRE(ledger.AddEvent({"b0", clock.Now(), "checkout", false}).ok());
  REQUIRE(ledger.Commit().ok());
  clock.Advance(std::chrono::seconds(1));
  auto after = EvaluateBudgets(config, ledger, clock.Now(), {});
  REQUIRE(after.ok());
  const BudgetStatus& s = after->at(0);
  REQUIRE(s.alerts.size() == 4);
  CHECK(s.alerts[0].window.long_window == std::chrono::minutes(1));
  CHECK(s.alerts[0].window.short_window == std::chrono::seconds(5));
  CHECK(s.alerts[0].long_burn == Approx(1000.0 / 60));
  CHECK(s.alerts[0].short_burn == Approx(1000.0 / 5));
  CHECK(s.alerts[0].firing);
  CHECK(s.state == State::kOver);
}

TEST_CASE("budget windows: event, UTC day and UTC hour", "[budget]") {
  BudgetConfig config = MustConfig(R"({"rates": {"x": {"price": 1, "currency": "EUR"}},
    "budgets": [{"name": "e", "unit": "money", "limit": 1, "currency": "EUR"},
                {"name": "d", "unit": "money", "limit": 1, "currency": "EUR", "window": "day"},
                {"name": "h", "unit": "money", "limit": 1, "currency": "EUR", "window": "hour"}]})");
  TimePoint now = At("2026-12-05T15:42:10Z");
  auto event = BudgetWindow(config.budgets[0], config.site, now);
  CHECK(FormatRfc3339(event.first) == "2026-12-05T10:00:00.000Z");
  CHECK(FormatRfc3339(event.second) == "2026-12-05T22:00:00.000Z");
  auto day = BudgetWindow(config.budgets[1], config.site, now);
  CHECK(FormatRfc3339(day.first) == "2026-12-05T00:00:00.000Z");
  CHECK(FormatRfc3339(day.second) == "2026-12-06T00:00:00.000Z");
  auto hour = BudgetWindow(config.budgets[2], config.site, now);
  CHECK(FormatRfc3339(hour.first) == "2026-12-05T15:00:00.000Z");
  CHECK(FormatRfc3339(hour.second) == "2026-12-05T16:00:00.000Z");
}
