// `report --per N RESOURCE`: what N units of a resource cost each
// component, against the cost_per_1k bound a money budget sets (the field
// playbooks' "cost per 1k edge executions").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ledger.h"
#include "tools/budget/rational.h"

namespace evt::budget {

struct CostLine {
  std::string component;
  std::int64_t qty_micro = 0;
  Rational cost;      // minor units
  Rational cost_per;  // minor units per `per` units
  std::optional<Rational> max;  // the bound, scaled to `per` units
};

// Usage of `resource` from the event's start (or ever, without one) to `now`.
// Usage error when the resource has no rate.
Result<std::vector<CostLine>> CostReport(const BudgetConfig& config, Ledger& ledger, const std::string& resource,
                                         std::int64_t per, TimePoint now);

Value CostRecord(const CostLine& line, const std::string& resource, const std::string& currency, std::int64_t per,
                 TimePoint now);
std::string CostTable(const std::vector<CostLine>& lines, const std::string& resource, const std::string& currency,
                      std::int64_t per, bool color, int width);

}  // namespace evt::budget
