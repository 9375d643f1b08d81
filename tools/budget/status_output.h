// How `status` and `check` show budgets to people: a table with bars and a
// burn sparkline (budget_metrics.h has the text for scrapers).
#pragma once

#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/time_zone.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/governor.h"

namespace evt::budget {

// Times ("runs out") in `zone`, with the date when not the day of `now`.
std::string BudgetTable(const std::vector<BudgetStatus>& budgets, bool color, int width, const TimeZone& zone,
                        TimePoint now);
std::string DecisionLine(const GovernorDecision& decision, const BudgetConfig& config, bool color);

}  // namespace evt::budget
