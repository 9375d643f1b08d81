// The governor: which tiers to shed so every forecast fits its budget.
//
// It picks the lowest shed level at which every budget's forecast is within
// its limit (energy: the battery reaches the end of the event above its
// reserve) and sheds up to it at once. It restores one level at a time, and
// only when (hysteresis) the forecasts fit within (1 - restore_margin) of
// their limits at the lower level and (minimum hold) the current level has
// held for `hold`, so a forecast hovering at its limit does not toggle a
// tier on and off. Critical components are never shed: when even level 2
// does not fit, the governor sheds what it can and says so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/time_format.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

enum class Action { kShed, kRestore, kKeep };
std::string_view ActionName(Action action);

struct GovernorDecision {
  Action action = Action::kKeep;
  int level = 0;
  int previous_level = 0;
  TimePoint since{};                    // when `level` came into force
  std::optional<TimePoint> hold_until;  // a restore waits at least until then
  std::string reason;
};

GovernorDecision Govern(const GovernorState& state, const std::vector<BudgetStatus>& budgets, double restore_margin,
                        Duration hold, TimePoint now);

}  // namespace evt::budget
