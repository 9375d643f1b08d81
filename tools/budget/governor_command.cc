// `evt-budget governor`: the shed level in force, for people and for tools
// that gate on it (evt-outbox's when.max_shed_level) without running a check.
#include <iostream>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "tools/budget/budget_records.h"
#include "tools/budget/commands.h"

namespace evt::budget {
namespace {

std::string_view LevelMeaning(int level) {
  switch (level) {
    case 0: return "nothing shed";
    case 1: return "non-essential shed";
    default: return "non-essential and degraded shed";
  }
}

}  // namespace

Status RunGovernor(Context& c, const Options& options) {
  EVT_ASSIGN_OR_RETURN(GovernorState governor, c.ledger.Governor());
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kBuffered);
    EVT_RETURN_IF_ERROR(writer.Write(GovernorRecord(governor, c.now)));
    return writer.Flush();
  }
  std::cout << "shed level " << governor.level << " (" << LevelMeaning(governor.level) << ")";
  if (governor.since != TimePoint{}) std::cout << " since " << FormatRfc3339(governor.since);
  std::cout << "\n";
  return Status::Ok();
}

}  // namespace evt::budget
