// `status -o prometheus|openmetrics`: every budget as the text
// exposition format for node_exporter's textfile collector, following
// Prometheus' conventions (evt_budget_ prefix, HELP and TYPE on every
// family, ratios 0..1, times in seconds). The state is one series per
// state, 1 for the budget's and 0 for the others, so a rule can say
// `evt_budget_state{state="over"} == 1` without knowing a number code.
#pragma once

#include <string>
#include <vector>

#include "tools/budget/budget_status.h"

namespace evt::budget {

// Prometheus text 0.0.4; with `openmetrics`, OpenMetrics 1.0 (UNIT lines,
// ends with "# EOF"). The state stays a gauge in both: a StateSet's label
// would have to be named evt_budget_state, and a rule written against one
// format would then miss the other.
std::string BudgetMetricsText(const std::vector<BudgetStatus>& budgets, bool openmetrics);

}  // namespace evt::budget
