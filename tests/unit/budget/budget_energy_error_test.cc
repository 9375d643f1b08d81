#include <catch2/catch.hpp>

#include "common/clock.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/ledger.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;
using evt::budget::testing::ConfigFrom;

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

TEST_CASE("budget energy: realpower beats load x nominal, runtime is used when shorter", "[budget]") {
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

TEST_CASE("budget windows: event, and day and hour in a UTC site", "[budget]") {
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

namespace {

constexpr const char* kDayAndHour = R"({"rates": {"x": {"price": 1, "currency": "EUR"}},
    "budgets": [{"name": "d", "unit": "money", "limit": 1, "currency": "EUR", "window": "day"},
                {"name": "h", "unit": "money", "limit": 1, "currency": "EUR", "window": "hour"}]})";

std::string SiteIn(const std::string& zone) { return R"({"name": "t", "timezone": ")" + zone + R"("})"; }

// "FROM TO" of budget `index`'s window at `now`.
std::string WindowAt(const BudgetConfig& config, std::size_t index, const char* now) {
  auto [from, to] = BudgetWindow(config.budgets[index], config.site, At(now));
  return FormatRfc3339(from) + " " + FormatRfc3339(to);
}

}  // namespace

TEST_CASE("budget windows: days and hours are site.timezone's", "[budget]") {
  BudgetConfig tokyo = MustConfig(kDayAndHour, SiteIn("Asia/Tokyo"));
  // 00:42 on December 6 in Tokyo: the day began at 15:00 UTC.
  CHECK(WindowAt(tokyo, 0, "2026-12-05T15:42:10Z") == "2026-12-05T15:00:00.000Z 2026-12-06T15:00:00.000Z");
  CHECK(WindowAt(tokyo, 0, "2026-12-05T14:59:59Z") == "2026-12-04T15:00:00.000Z 2026-12-05T15:00:00.000Z");
  CHECK(WindowAt(tokyo, 1, "2026-12-05T15:42:10Z") == "2026-12-05T15:00:00.000Z 2026-12-05T16:00:00.000Z");
  BudgetConfig kolkata = MustConfig(kDayAndHour, SiteIn("Asia/Kolkata"));
  // +05:30: hours start at half past in UTC.
  CHECK(WindowAt(kolkata, 0, "2026-12-05T15:42:10Z") == "2026-12-04T18:30:00.000Z 2026-12-05T18:30:00.000Z");
  CHECK(WindowAt(kolkata, 1, "2026-12-05T15:42:10Z") == "2026-12-05T15:30:00.000Z 2026-12-05T16:30:00.000Z");
  CHECK(WindowAt(kolkata, 1, "2026-12-05T15:29:59Z") == "2026-12-05T14:30:00.000Z 2026-12-05T15:30:00.000Z");
}

TEST_CASE("budget windows: a day is 23 or 25 hours on the nights the clocks change", "[budget]") {
  BudgetConfig berlin = MustConfig(kDayAndHour, SiteIn("Europe/Berlin"));
  CHECK(WindowAt(berlin, 0, "2026-03-29T12:00:00Z") == "2026-03-28T23:00:00.000Z 2026-03-29T22:00:00.000Z");
  CHECK(WindowAt(berlin, 0, "2026-03-29T00:30:00Z") == "2026-03-28T23:00:00.000Z 2026-03-29T22:00:00.000Z");
  CHECK(WindowAt(berlin, 0, "2026-10-25T12:00:00Z") == "2026-10-24T22:00:00.000Z 2026-10-25T23:00:00.000Z");
  CHECK(WindowAt(berlin, 0, "2026-10-25T22:59:59Z") == "2026-10-24T22:00:00.000Z 2026-10-25T23:00:00.000Z");
  CHECK(WindowAt(berlin, 0, "2026-10-25T23:00:00Z") == "2026-10-25T23:00:00.000Z 2026-10-26T23:00:00.000Z");
  // The repeated hour 02:00-03:00 local is two hours of the window.
  CHECK(WindowAt(berlin, 1, "2026-10-25T00:30:00Z") == "2026-10-25T00:00:00.000Z 2026-10-25T01:00:00.000Z");
  CHECK(WindowAt(berlin, 1, "2026-10-25T01:30:00Z") == "2026-10-25T01:00:00.000Z 2026-10-25T02:00:00.000Z");
}

TEST_CASE("budget windows: a day or hour window needs a site.timezone the system has", "[budget]") {
  Result<BudgetConfig> bad = ConfigFrom(kDayAndHour, SiteIn("Mars/Olympus"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == ExitCode::kConfig);
  CHECK(bad.status().message().find("/budget/budgets/0/window") != std::string::npos);
  CHECK(bad.status().message().find("\"Mars/Olympus\" is not a time zone") != std::string::npos);
  // An event window does not look at the zone.
  CHECK(ConfigFrom(R"({"budgets": [{"name": "e", "unit": "error", "objective": 0.99, "events_from": "checkout"}]})",
                   R"({"name": "t", "timezone": "Mars/Olympus", "starts_at": "2026-12-05T10:00:00Z",
                       "ends_at": "2026-12-05T22:00:00Z"})")
            .ok());
}
