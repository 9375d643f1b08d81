// `evt-budget swap`: hold back battery readings while a pack is swapped.
#include <algorithm>
#include <iostream>

#include "common/duration.h"
#include "common/json_writer.h"
#include "common/time_format.h"
#include "tools/budget/command_context.h"
#include "tools/budget/commands.h"
#include "tools/budget/budget_records.h"

namespace evt::budget {
namespace {

// Longer than this, it is an outage, not a swap: the site-wide hold's job.
constexpr Duration kLongestSwap = std::chrono::hours(1);

}  // namespace

Status RunSwap(Context& c, const Options& options) {
  Result<Duration> length = ParseDuration(options.swap_for);
  if (!length.ok()) return Status::Usage("--for: " + length.status().message());
  if (length->count() <= 0 || *length > kLongestSwap) {
    return Status::Usage("--for: expected a duration above 0s and at most 1h, got " + options.swap_for);
  }
  std::vector<std::string> sources;
  for (const BudgetSpec& b : c.config.budgets) {
    if (b.unit == BudgetUnit::kEnergy) sources.push_back(b.source);
  }
  if (std::find(sources.begin(), sources.end(), options.swap_source) == sources.end()) {
    std::string known;
    for (const std::string& source : sources) known += (known.empty() ? "" : ", ") + source;
    return Status::Usage("swap: \"" + options.swap_source + "\" is no energy budget's source (sources: " +
                         (known.empty() ? "none" : known) + ")");
  }
  SwapWindow swap{options.swap_source, c.now, c.now + *length};
  if (!options.dry_run) EVT_RETURN_IF_ERROR(c.ledger.SetSwap(swap));
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    EVT_RETURN_IF_ERROR(writer.Write(SwapRecord(swap, !options.dry_run, c.now)));
  } else {
    std::cout << swap.source << ": battery readings held back until " << FormatRfc3339(swap.until)
              << " (a swap; the first reading after it starts the new pack)" << (options.dry_run ? " [dry run]" : "")
              << "\n";
  }
  if (options.dry_run) return Status::WithCode(ExitCode::kDryRunPending, "dry run: the swap was not stored");
  return Status::Ok();
}

}  // namespace evt::budget
