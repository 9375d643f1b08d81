#include "tools/budget/governor.h"

#include <cstdio>

#include "common/number_text.h"

namespace evt::budget {
namespace {

// The budgets whose forecast at `level` is above (1 - margin) of the limit.
std::vector<const BudgetStatus*> Misfits(const std::vector<BudgetStatus>& budgets, int level, double margin) {
  std::vector<const BudgetStatus*> out;
  for (const BudgetStatus& b : budgets) {
    const std::optional<double>& ratio = b.forecast_ratio_at_level[level];
    if (b.has_data && ratio && *ratio > 1 - margin) out.push_back(&b);
  }
  return out;
}

std::string Describe(const std::vector<const BudgetStatus*>& misfits, int level) {
  std::string out;
  for (const BudgetStatus* b : misfits) {
    out += (out.empty() ? "" : "; ") + b->spec->name + " forecast " + PercentText(*b->forecast_ratio_at_level[level]) +
           " of its limit";
  }
  return out;
}

std::string LevelName(int level) {
  switch (level) {
    case 0: return "nothing shed";
    case 1: return "non-essential shed";
    default: return "non-essential and degraded shed";
  }
}

}  // namespace

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kShed: return "shed";
    case Action::kRestore: return "restore";
    case Action::kKeep: return "keep";
  }
  return "keep";
}

GovernorDecision Govern(const GovernorState& state, const std::vector<BudgetStatus>& budgets, double restore_margin,
                        Duration hold, TimePoint now) {
  GovernorDecision d;
  d.previous_level = state.level;
  d.level = state.level;
  d.since = state.since;
  int required = kMaxShedLevel;
  for (int level = 0; level <= kMaxShedLevel; ++level) {
    if (Misfits(budgets, level, 0).empty()) {
      required = level;
      break;
    }
  }
  if (required > state.level) {
    d.action = Action::kShed;
    d.level = required;
    d.since = now;
    std::vector<const BudgetStatus*> misfits = Misfits(budgets, state.level, 0);
    d.reason = Describe(misfits, state.level) + " with " + LevelName(state.level);
    std::vector<const BudgetStatus*> still = Misfits(budgets, required, 0);
    if (!still.empty()) d.reason += "; still over with " + LevelName(required) + " (critical is never shed): " + Describe(still, required);
    return d;
  }
  if (state.level == 0) {
    d.reason = "every forecast fits with nothing shed";
    return d;
  }
  std::vector<const BudgetStatus*> below = Misfits(budgets, state.level - 1, restore_margin);
  if (!below.empty()) {
    d.reason = "not yet: " + Describe(below, state.level - 1) + " with " + LevelName(state.level - 1) +
               ", above the restore margin";
    return d;
  }
  TimePoint earliest = state.since + hold;
  if (now < earliest) {
    d.hold_until = earliest;
    d.reason = "forecasts fit with " + LevelName(state.level - 1) + ", holding until " + FormatRfc3339(earliest);
    return d;
  }
  d.action = Action::kRestore;
  d.level = state.level - 1;
  d.since = now;
  d.reason = "forecasts fit within the restore margin with " + LevelName(d.level);
  return d;
}

}  // namespace evt::budget
