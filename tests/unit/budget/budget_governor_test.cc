#include <catch2/catch.hpp>

#include "tools/budget/governor.h"
#include "budget_test_util.h"

using namespace evt;
using namespace evt::budget;
using evt::budget::testing::At;
using std::chrono::minutes;

namespace {

BudgetSpec Spec() {
  BudgetSpec spec;
  spec.name = "battery";
  spec.unit = BudgetUnit::kEnergy;
  return spec;
}

// One budget whose forecast ratio with level 0, 1 and 2 in force is given.
std::vector<BudgetStatus> Forecasts(const BudgetSpec& spec, double l0, double l1, double l2) {
  BudgetStatus s;
  s.spec = &spec;
  s.has_data = true;
  s.forecast_ratio_at_level = {l0, l1, l2};
  return {s};
}

}  // namespace

TEST_CASE("budget governor: sheds the lowest tier that brings forecasts within budget", "[budget]") {
  BudgetSpec spec = Spec();
  GovernorState state;
  TimePoint now = At("2026-12-05T15:00:00Z");
  GovernorDecision d = Govern(state, Forecasts(spec, 1.2, 0.95, 0.7), 0.1, minutes(5), now);
  CHECK(d.action == Action::kShed);
  CHECK(d.level == 1);
  CHECK(d.since == now);
  d = Govern(state, Forecasts(spec, 1.5, 1.1, 0.9), 0.1, minutes(5), now);
  CHECK(d.action == Action::kShed);
  CHECK(d.level == 2);
  d = Govern(state, Forecasts(spec, 0.99, 0.8, 0.7), 0.1, minutes(5), now);
  CHECK(d.action == Action::kKeep);
  CHECK(d.level == 0);
}

TEST_CASE("budget governor: when nothing fits it sheds all it may, never critical", "[budget]") {
  BudgetSpec spec = Spec();
  GovernorDecision d = Govern({}, Forecasts(spec, 3, 2.5, 2), 0.1, minutes(5), At("2026-12-05T15:00:00Z"));
  CHECK(d.level == 2);
  CHECK(d.reason.find("critical is never shed") != std::string::npos);
}

TEST_CASE("budget governor: restores only past the margin, after the hold, one tier at a time", "[budget]") {
  BudgetSpec spec = Spec();
  TimePoint t0 = At("2026-12-05T15:00:00Z");
  GovernorState state{2, t0};
  // Fits at level 1, but only just (0.95 > 1 - 0.1): hysteresis keeps level 2.
  GovernorDecision d = Govern(state, Forecasts(spec, 1.2, 0.95, 0.6), 0.1, minutes(5), t0 + minutes(10));
  CHECK(d.action == Action::kKeep);
  CHECK(d.level == 2);
  // Within the margin, but the level has held only 2 of its 5 minutes.
  d = Govern(state, Forecasts(spec, 1.2, 0.85, 0.6), 0.1, minutes(5), t0 + minutes(2));
  CHECK(d.action == Action::kKeep);
  REQUIRE(d.hold_until.has_value());
  CHECK(*d.hold_until == t0 + minutes(5));
  // After the hold: one level back, not two, even though level 0 fits too.
  d = Govern(state, Forecasts(spec, 0.5, 0.4, 0.3), 0.1, minutes(5), t0 + minutes(5));
  CHECK(d.action == Action::kRestore);
  CHECK(d.level == 1);
  CHECK(d.since == t0 + minutes(5));
  // And the next restore waits for its own hold.
  state = {d.level, d.since};
  d = Govern(state, Forecasts(spec, 0.5, 0.4, 0.3), 0.1, minutes(5), t0 + minutes(6));
  CHECK(d.action == Action::kKeep);
  d = Govern(state, Forecasts(spec, 0.5, 0.4, 0.3), 0.1, minutes(5), t0 + minutes(10));
  CHECK(d.action == Action::kRestore);
  CHECK(d.level == 0);
}

TEST_CASE("budget governor: a forecast hovering at the limit does not toggle", "[budget]") {
  BudgetSpec spec = Spec();
  TimePoint t = At("2026-12-05T15:00:00Z");
  GovernorState state;
  int changes = 0;
  for (int i = 0; i < 60; ++i) {
    double l0 = i % 2 == 0 ? 1.01 : 0.99;  // just over, just under, ...
    GovernorDecision d = Govern(state, Forecasts(spec, l0, l0 - 0.1, l0 - 0.2), 0.1, minutes(5), t);
    if (d.level != state.level) ++changes;
    state = {d.level, d.since};
    t += std::chrono::seconds(30);
  }
  CHECK(changes == 1);  // shed once, then held: 0.99 is not within the 10% margin
}
