// One entry of budget.budgets: a money, energy or error budget, read
// strictly (every key through ConfigObject, then Finish()).
#pragma once

#include "common/config_object.h"
#include "common/status.h"
#include "tools/budget/budget_config.h"

namespace evt::budget {

// REQUIRES: config.rates and config.site are read already (a money budget
// checks its resources and currency against the rates).
Result<BudgetSpec> ReadBudget(const ConfigObject& budget, const BudgetConfig& config);

}  // namespace evt::budget
