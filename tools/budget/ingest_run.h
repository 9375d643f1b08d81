// Feeding inputs into the ledger in batches: one transaction per batch of
// up to kBatchRecords records or kBatchAge of time, so a kill -9 loses at
// most the batch in flight and a re-run skips every id already committed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/json_writer.h"
#include "common/status.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/ingest.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

inline constexpr int kBatchRecords = 20000;
inline constexpr Duration kBatchAge = std::chrono::milliseconds(250);

struct IngestOptions {
  int batch_records = kBatchRecords;
  // Called after each batch is committed (`check --watch` decides there).
  std::function<Status()> after_commit;
  // What "now" is for each record's future-skew check; unset: the `now`
  // IngestInputs was given, for the whole run.
  std::function<TimePoint()> now;
  // An id re-used for other usage or another outcome stops the record
  // (--strict), else it is counted and warned about.
  bool strict = false;
};

// Reads every input ("-" is stdin) into the ledger. A bad record stops the
// run under --on-error fail, after committing the records before it (each
// record is whole or absent); under skip it is reported and counted. Usage
// or an event under an id the ledger holds with other content is not
// taken, and a warning at the end says how many and where the first was.
// Synthetic records no budget counts are not taken, and a line at the end
// says how many, by tag. `now` is what the future-skew check measures from.
Status IngestInputs(const std::vector<std::string>& inputs, const BudgetConfig& config, Ledger& ledger,
                    TimePoint now, const CommonOptions& common, RecordWriter& out, IngestCounts& counts,
                    const IngestOptions& options = {});

}  // namespace evt::budget
