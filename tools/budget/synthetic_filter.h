// Which budgets a record of synthetic traffic is charged to. evt-load marks
// every record it writes with "synthetic": "load" (another generator may
// write its own tag), so that a load test run on the site's box cannot burn
// the live error budget or make the governor shed. A budget counts such
// records when it says so (`include_synthetic: true`); one that says nothing
// counts them only when they are stamped inside a staging window
// (`budget.staging`), because a staging rehearsal is meant to burn its
// budget. See doc/design.md §5.4.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/budget/budget_config.h"

namespace evt::budget {

// The record's "synthetic" tag: nullopt when it has none (live traffic).
// DataErr when the field is there but not a non-empty string.
Result<std::optional<std::string>> SyntheticTag(const Value& record);

// Whether `ts` falls in one of the config's staging windows (from <= ts < until).
bool InStagingWindow(const BudgetConfig& config, TimePoint ts);

// Whether `budget` counts a synthetic record stamped `ts`.
bool CountsSynthetic(const BudgetSpec& budget, const BudgetConfig& config, TimePoint ts);

// Whether a synthetic record stamped `ts` goes into the ledger, given which
// budgets would read it (`reads`). The ledger keeps one entry for every
// budget that reads it, so the record is taken only when some budget reads
// it and all of those count it: a budget that leaves synthetic traffic out
// is never charged for it.
bool ChargesSynthetic(const BudgetConfig& config, TimePoint ts, const std::function<bool(const BudgetSpec&)>& reads);

}  // namespace evt::budget
