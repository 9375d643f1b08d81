#include "tools/budget/synthetic_filter.h"

#include <algorithm>

namespace evt::budget {

Result<std::optional<std::string>> SyntheticTag(const Value& record) {
  const Value* tag = record.find("synthetic");
  if (!tag) return std::optional<std::string>();
  if (!tag->is_string() || tag->as_string().empty()) {
    return Status::DataErr("\"synthetic\": expected a non-empty string naming the traffic's generator, such as "
                           "\"load\"");
  }
  return std::optional<std::string>(tag->as_string());
}

bool InStagingWindow(const BudgetConfig& config, TimePoint ts) {
  return std::any_of(config.staging.begin(), config.staging.end(),
                     [&](const StagingWindow& w) { return w.from <= ts && ts < w.until; });
}

bool CountsSynthetic(const BudgetSpec& budget, const BudgetConfig& config, TimePoint ts) {
  return budget.include_synthetic.value_or(InStagingWindow(config, ts));
}

bool ChargesSynthetic(const BudgetConfig& config, TimePoint ts, const std::function<bool(const BudgetSpec&)>& reads) {
  bool read = false;
  for (const BudgetSpec& budget : config.budgets) {
    if (!reads(budget)) continue;
    if (!CountsSynthetic(budget, config, ts)) return false;
    read = true;
  }
  return read;
}

}  // namespace evt::budget
