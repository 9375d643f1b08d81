#include "tools/probe/reach_command.h"

#include <cstdio>
#include <vector>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/output_mode.h"
#include "common/record_input.h"
#include "tools/probe/reach_record.h"
#include "tools/probe/reach_tally.h"

namespace evt::probe {
namespace {

Result<ReachOptions> ResolveReachOptions(const Options& o) {
  ReachOptions options;
  for (const std::string& spec : o.peers) EVT_RETURN_IF_ERROR(AddPeer(spec, options.peers));
  if (!o.since.empty()) {
    Result<Duration> since = ParseDuration(o.since);
    if (!since.ok()) return Status::Usage("--since: " + since.status().message());
    options.since = *since;
  }
  options.min_ok_ratio = o.min_ok_ratio;
  return options;
}

Status ReadAttempts(const std::string& path, const Options& o, const ReachOptions& options, RecordWriter& out,
                    const Clock& clock, std::vector<ReachAttempt>& attempts) {
  EVT_ASSIGN_OR_RETURN(JsonlReader reader, JsonlReader::Open(path));
  RecordInput input(reader, o.common, out, clock);
  while (true) {
    EVT_ASSIGN_OR_RETURN(std::optional<JsonlRecord> next, input.Next());
    if (!next) break;
    const Value* kind = next->value.find("kind");
    if (kind == nullptr || !kind->is_string() || kind->as_string() != "probe") {
      input.Ignore(next->value);
      continue;
    }
    Result<ReachAttempt> attempt = AttemptFromRecord(next->value, options);
    if (attempt.ok()) {
      attempts.push_back(std::move(*attempt));
      continue;
    }
    EVT_RETURN_IF_ERROR(input.Reject(attempt.status().Prefixed(reader.name() + ":" + std::to_string(next->line))));
  }
  input.ReportAtEnd();
  return Status::Ok();
}

}  // namespace

Status RunReach(const Options& o) {
  EVT_ASSIGN_OR_RETURN(ReachOptions options, ResolveReachOptions(o));
  SystemClock clock;
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  std::vector<ReachAttempt> attempts;
  const std::vector<std::string> paths = o.subjects.empty() ? std::vector<std::string>{"-"} : o.subjects;
  for (const std::string& path : paths) EVT_RETURN_IF_ERROR(ReadAttempts(path, o, options, out, clock, attempts));
  // An empty merge would print an empty table and exit 0: "nobody is cut
  // off" said about links nobody probed.
  if (attempts.empty()) {
    return Status::DataErr("reach: no probe records in the input: nothing to compare (each box probes the other with "
                           "evt-probe --origin BOX)");
  }
  const ReachReport report = SummarizeReach(attempts, options);
  if (WantRecords(o.common)) {
    for (const ReachPair& pair : report.pairs) EVT_RETURN_IF_ERROR(out.Write(ReachRecord(pair, report)));
    EVT_RETURN_IF_ERROR(out.Flush());
  } else {
    std::fputs(ReachTable(report, ColorEnabled(1), TerminalWidth(1)).c_str(), stdout);
  }
  for (const ReachPair& pair : report.pairs) {
    if (pair.Asymmetric()) return Status::CheckFailed("");
  }
  return Status::Ok();
}

}  // namespace evt::probe
