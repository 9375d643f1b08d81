// `evt-budget ingest`: usage records into the ledger.
#include <iostream>

#include "common/messages.h"
#include "tools/budget/command_context.h"
#include "tools/budget/commands.h"
#include "tools/budget/ingest_run.h"

namespace evt::budget {

Status RunIngest(Context& c, const Options& options, const std::vector<std::string>& inputs, RecordWriter& out) {
  IngestCounts counts;
  IngestOptions ingest;
  ingest.strict = options.strict;
  Status status = IngestInputs(inputs, c.config, c.ledger, c.now, options.common, out, counts, ingest);
  // A person at the terminal wants to know it took; a log does not.
  if (ShowProgress()) {
    std::int64_t synthetic = 0;
    for (const auto& [tag, n] : counts.synthetic) synthetic += n;
    std::cerr << ProgramName() << ": " << counts.added << " records added, " << counts.duplicates
              << " already in the ledger, " << counts.conflicting << " re-using an id for other usage, "
              << counts.unmapped << " for no budget, " << counts.held << " battery readings held back, " << synthetic
              << " synthetic records no budget counts\n";
  }
  return status;
}

}  // namespace evt::budget
