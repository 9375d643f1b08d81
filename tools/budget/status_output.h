// How `status` and `check` show budgets to people: a table with bars and a
// burn sparkline (budget_metrics.h has the text for scrapers).
#pragma once

#include <string>
#include <vector>

#include "common/time_format.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/governor.h"

namespace evt::budget {

std::string BudgetTable(const std::vector<BudgetStatus>& budgets, bool color, int width);
std::string DecisionLine(const GovernorDecision& decision, const BudgetConfig& config, bool color);

}  // namespace evt::budget
