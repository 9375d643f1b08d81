// The usage ledger as the hub sees it (common/hub/hub_set.h, doc/design.md
// §18): every box's usage rows, so each box's spend counts the site's. A
// hub row holds a ledger row, {"component","id","qty_micro","resource","ts"}
// in canonical JSON: millionths as the ledger keeps them, since a decimal
// "qty" could not carry every ledger quantity exactly through a double.
//
// A pulled row lands as a usage record saying the same would on `ingest`
// (Ingester::ApplyLedgerUsage): into usage and usage_minute, a replay or a
// conflict by id. Budget's drift rule is ingest's: a row stamped more than
// budget.max_skew ahead is refused, not quarantined (the ledger has no
// quarantine); the pull stops there with 65 and takes it once the clocks
// agree, rather than pass over usage silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/hub/hub_set.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

// The record a hub row holds for `usage`.
Result<std::string> UsageHubRecord(const UsageEntry& usage);

class UsageHubAdapter final : public hub::HubSetAdapter {
 public:
  static constexpr std::string_view kSetName = "budget.usage";

  // REQUIRES: ledger, config and clock outlive the adapter; no ledger batch
  // is open while MergePulled runs.
  UsageHubAdapter(Ledger& ledger, const BudgetConfig& config, const Clock& clock)
      : ledger_(ledger), config_(config), clock_(clock) {}

  std::string_view SetName() const override { return kSetName; }
  Result<hub::HubExport> ExportSince(std::int64_t since, std::size_t limit) override;
  // One ledger batch for the page: all of it or none. A row that is not a
  // ledger row, or is refused as ingest refuses it, is DataErr
  // "budget.usage: id "…": what".
  Result<hub::HubMergeCounts> MergePulled(const std::vector<hub::HubElement>& pulled) override;

  // What each conflict of the pulls since the last call was ("id … is
  // already in the ledger with other usage (…)").
  std::vector<std::string> TakeConflicts();

 private:
  Ledger& ledger_;
  const BudgetConfig& config_;
  const Clock& clock_;
  std::vector<std::string> conflicts_;
};

}  // namespace evt::budget
