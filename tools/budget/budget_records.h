// The records evt-budget writes: `budget` and `budget.governor` (status), `decision` (check),
// `budget.cost` (report) and `budget.swap` (swap). Their schemas are schemas/records/*.json.
#pragma once

#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/governor.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

Value BudgetRecord(const BudgetStatus& status, TimePoint now);
// The shed level in force, for tools that gate on it (evt-outbox's
// destinations) without running a check.
Value GovernorRecord(const GovernorState& governor, TimePoint now);
Value SwapRecord(const SwapWindow& swap, bool stored, TimePoint now);
Value DecisionRecord(const GovernorDecision& decision, const BudgetConfig& config,
                     const std::vector<BudgetStatus>& budgets, TimePoint now);

}  // namespace evt::budget
