// How `status` and `check` show budgets to people and to scrapers: a table
// with bars and a burn sparkline, or Prometheus/OpenMetrics text.
#pragma once

#include <string>
#include <vector>

#include "common/time_format.h"
#include "tools/budget/budget_status.h"
#include "tools/budget/governor.h"

namespace evt::budget {

std::string BudgetTable(const std::vector<BudgetStatus>& budgets, bool color, int width);
std::string DecisionLine(const GovernorDecision& decision, const BudgetConfig& config, bool color);

// The text exposition format for node_exporter's textfile collector; with
// `openmetrics`, OpenMetrics 1.0 (ends with "# EOF").
std::string BudgetMetricsText(const std::vector<BudgetStatus>& budgets, bool openmetrics);

}  // namespace evt::budget
