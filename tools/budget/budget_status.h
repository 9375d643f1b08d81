// Where each budget stands at an instant: spent, limit, burn rate, forecast,
// when it runs out, its state, and what its forecast would be with each
// shed level (what the governor chooses from).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/burn_windows.h"
#include "tools/budget/ledger.h"
#include "tools/budget/shed_level.h"

namespace evt::budget {

enum class State { kOk, kWarn, kOver };
std::string_view StateName(State state);

struct AlertStatus {
  AlertWindow window;
  double long_burn = 0;
  double short_burn = 0;
  bool firing = false;
};

struct CostPer1kStatus {
  std::string resource;
  Rational cost;  // minor units per 1000 units, exact
  Rational max;
  bool over = false;
};

struct BudgetStatus {
  const BudgetSpec* spec = nullptr;
  TimePoint window_start{};
  TimePoint window_end{};
  State state = State::kOk;
  std::string reason;  // why the state is not ok, or what is missing
  bool has_data = false;

  // In the budget's unit: minor units (money), Wh (energy), bad events
  // against the bad events allowed so far (error).
  Rational spent_money;     // money: exact
  Rational forecast_money;  // money: exact
  double spent = 0;
  double limit = 0;
  double forecast = 0;
  double ratio = 0;           // spent / limit (error: share of the budget consumed)
  double forecast_ratio = 0;  // forecast / limit
  double burn_rate = 0;       // 1 = on pace to use exactly the budget by the window's end
  std::optional<TimePoint> runs_out_at;
  std::optional<double> threshold;  // the highest threshold crossed
  std::vector<AlertStatus> alerts;  // error budgets
  std::optional<CostPer1kStatus> cost_per_1k;
  std::vector<double> burn_series;  // spend per slot of the elapsed window, for a sparkline

  // The forecast ratio with shed level 0, 1, 2 in force; nullopt where
  // shedding does not bear on the budget (error budgets).
  std::array<std::optional<double>, kMaxShedLevel + 1> forecast_ratio_at_level;
};

struct EvaluateOptions {
  int current_level = 0;  // the shed level in force (its components' recent spend is ~0)
  bool with_series = false;
};

// Every budget of the config at `now`.
Result<std::vector<BudgetStatus>> EvaluateBudgets(const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                                  const EvaluateOptions& options);

// [start, end) of the budget's window holding `now`: the event, or the UTC
// day or hour.
std::pair<TimePoint, TimePoint> BudgetWindow(const BudgetSpec& spec, const Site& site, TimePoint now);

// A status of `spec` with its window at `now` filled in, the start every
// kind of budget's evaluation shares.
BudgetStatus StatusInWindow(const BudgetSpec& spec, const Site& site, TimePoint now);

}  // namespace evt::budget
