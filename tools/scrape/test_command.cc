// `evt-scrape test SOURCE`: scrape one source once and show what its
// mapping finds and misses.
#include <iostream>

#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "tools/scrape/command_context.h"
#include "tools/scrape/commands.h"
#include "tools/scrape/metric_output.h"

namespace evt::scrape {

Status RunTest(const Options& options) {
  EVT_ASSIGN_OR_RETURN(Loaded loaded, Load(options));
  EVT_ASSIGN_OR_RETURN(const std::vector<const Source*> source, Chosen(loaded.config, {options.test_source}));
  std::unique_ptr<HttpClient> http = MakeCurlClient();
  EVT_ASSIGN_OR_RETURN(const FetchEnv env, MakeEnv(*http, loaded, options));
  ScrapeOutcome outcome = ScrapeSource(*source.front(), env);
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    EVT_RETURN_IF_ERROR(ForEachMetricRecord(outcome, MachineClock().Now(), [&](std::string_view json) { return writer.WriteSerialized(json); }));
  } else {
    PrintTable({outcome});
    std::cout << outcome.source << ": " << (outcome.up ? "up" : "DOWN: " + outcome.error) << ", " << SampleCount(outcome)
              << " samples from " << outcome.pages << " page(s), " << outcome.problems.size() << " problem(s)\n";
    for (const std::string& p : outcome.problems) std::cout << "  missed: " << p << "\n";
  }
  for (const std::string& p : outcome.problems) PrintWarning(outcome.source + ": " + p);
  if (!outcome.up) return Status::CheckFailed(outcome.error);
  return outcome.problems.empty() ? Status::Ok() : Status::CheckFailed("");
}

}  // namespace evt::scrape
