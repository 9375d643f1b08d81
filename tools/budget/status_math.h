// Small helpers shared by the money, energy and error evaluations.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/time_format.h"
#include "tools/budget/budget_status.h"

namespace evt::budget {

inline std::int64_t MsOf(Duration d) { return d.count(); }
inline std::int64_t MsBetween(TimePoint from, TimePoint to) { return (to - from).count(); }

// The state from the actual and forecast ratios and the budget's
// thresholds: over at 1 on either (the forecast must exceed it), warn past
// any threshold below 1. Sets `threshold` and a reason.
void ApplyThresholds(BudgetStatus& status);

Result<BudgetStatus> EvaluateMoney(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                   const EvaluateOptions& options);
Result<BudgetStatus> EvaluateEnergy(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                    const EvaluateOptions& options);
Result<BudgetStatus> EvaluateError(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now);

}  // namespace evt::budget
