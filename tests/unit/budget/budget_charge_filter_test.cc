#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "tools/budget/charge_filter.h"
#include "tools/budget/ingest.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using evt::budget::testing::MustConfig;

namespace {

// 1200 Wh at up to 600 W: the charge can move 0.5 an hour at most when
// discharging, 1 (1C) when charging, plus 0.1 of estimate jitter.
const char* kConfig = R"({
  "budgets": [{"name": "battery", "unit": "energy", "source": "ups", "capacity_wh": 1200, "nominal_w": 600}]
})";

struct Fixture {
  BudgetConfig config = MustConfig(kConfig);
  Ledger ledger = Ledger::OpenMemory().value();
  TimePoint now = At("2026-12-05T12:00:00Z");

  // Feeds battery.charge readings, one batch each; returns what became of
  // the last.
  Applied Charge(const char* ts, double value) {
    REQUIRE(ledger.Begin().ok());
    Ingester ingester(config, ledger, now);
    auto record = ParseJson(std::string(R"({"kind":"metric","v":1,"ts":")") + ts +
                                R"(","source":"ups","name":"nut_battery_charge","value":)" + std::to_string(value) + "}",
                            "test");
    REQUIRE(record.ok());
    Result<Applied> applied = ingester.Apply(*record);
    REQUIRE(applied.ok());
    REQUIRE(ledger.Commit().ok());
    return *applied;
  }
  double Latest(const char* at = "2026-12-05T12:00:00Z") {
    auto g = ledger.LatestGauge("ups", "battery.charge", At(at));
    REQUIRE(g.ok());
    REQUIRE(g->has_value());
    return (*g)->value;
  }
  std::size_t Samples() {
    auto all = ledger.Gauges("ups", "battery.charge", At("2026-12-05T00:00:00Z"), At("2026-12-06T00:00:00Z"));
    REQUIRE(all.ok());
    return all->size();
  }
};

}  // namespace

TEST_CASE("budget charge filter: how far a battery's charge can move", "[budget]") {
  ChargeMotion motion = MotionOf(MustConfig(kConfig), "ups");
  CHECK(motion.per_hour == 1.0);  // 600 W of 1200 Wh is 0.5/h; charging at 1C is faster
  auto at = [](const char* ts, double v) { return GaugeSample{"ups", "battery.charge", At(ts), v}; };
  CHECK(motion.Reaches(at("2026-12-05T11:00:00Z", 0.8), at("2026-12-05T11:00:05Z", 0.75)));
  CHECK_FALSE(motion.Reaches(at("2026-12-05T11:00:00Z", 0.8), at("2026-12-05T11:00:05Z", 0.0)));
  CHECK(motion.Reaches(at("2026-12-05T11:00:00Z", 0.8), at("2026-12-05T12:00:00Z", 0.0)));
  BudgetConfig big = MustConfig(
      R"({"budgets": [{"name": "b", "unit": "energy", "source": "ups", "capacity_wh": 500, "nominal_w": 1500}]})");
  CHECK(MotionOf(big, "ups").per_hour == 3.0);
}

TEST_CASE("budget charge filter: a single 0% reading is held back, then dropped by the next", "[budget]") {
  Fixture f;
  CHECK(f.Charge("2026-12-05T11:00:00.000Z", 0.8) == Applied::kAdded);
  CHECK(f.Charge("2026-12-05T11:00:05.000Z", 0.0) == Applied::kHeld);
  CHECK(f.Latest() == 0.8);  // the governor still sees 0.8
  CHECK(f.Charge("2026-12-05T11:00:10.000Z", 0.79) == Applied::kAdded);
  CHECK(f.Latest() == 0.79);
  CHECK(f.Samples() == 2);  // the glitch is gone
  // Fed again, the glitch is judged by its neighbours at once: dropped again.
  CHECK(f.Charge("2026-12-05T11:00:05.000Z", 0.0) == Applied::kHeld);
  CHECK(f.Charge("2026-12-05T11:00:10.000Z", 0.79) == Applied::kDuplicate);
  CHECK(f.Samples() == 2);
}

TEST_CASE("budget charge filter: a jump the next reading confirms is taken, both readings", "[budget]") {
  Fixture f;
  CHECK(f.Charge("2026-12-05T11:00:00.000Z", 0.8) == Applied::kAdded);
  CHECK(f.Charge("2026-12-05T11:00:05.000Z", 0.3) == Applied::kHeld);
  CHECK(f.Latest() == 0.8);
  CHECK(f.Charge("2026-12-05T11:00:10.000Z", 0.29) == Applied::kAdded);
  CHECK(f.Latest() == 0.29);
  CHECK(f.Latest("2026-12-05T11:00:07Z") == 0.3);
  CHECK(f.Samples() == 3);
}

TEST_CASE("budget charge filter: a slow drain is never held", "[budget]") {
  Fixture f;
  CHECK(f.Charge("2026-12-05T10:00:00.000Z", 0.9) == Applied::kAdded);
  CHECK(f.Charge("2026-12-05T10:30:00.000Z", 0.6) == Applied::kAdded);
  CHECK(f.Charge("2026-12-05T10:30:05.000Z", 0.55) == Applied::kAdded);
  CHECK(f.Charge("2026-12-05T11:30:00.000Z", 0.05) == Applied::kAdded);
}

TEST_CASE("budget charge filter: during a swap the source's readings are held back", "[budget]") {
  Fixture f;
  CHECK(f.Charge("2026-12-05T11:00:00.000Z", 0.4) == Applied::kAdded);
  REQUIRE(f.ledger.SetSwap({"ups", At("2026-12-05T11:01:00Z"), At("2026-12-05T11:06:00Z")}).ok());
  CHECK(f.Charge("2026-12-05T11:02:00.000Z", 0.0) == Applied::kHeld);
  CHECK(f.Charge("2026-12-05T11:05:59.000Z", 0.0) == Applied::kHeld);
  CHECK(f.Latest() == 0.4);
  // The new pack: its first reading is taken as it is, however far from the old.
  CHECK(f.Charge("2026-12-05T11:06:00.000Z", 0.95) == Applied::kAdded);
  CHECK(f.Latest() == 0.95);
  CHECK(f.Samples() == 2);
}
