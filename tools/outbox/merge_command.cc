// `evt-outbox merge [FILE]`: another kiosk's export joined into this
// store in one transaction: records as a grow-only set (a conflict keeps
// the record here and is reported), delivery rows by the join, so merging
// in any order, or twice, ends the same.
#include <iostream>
#include <memory>

#include "common/jsonl_reader.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/replica_wire.h"

namespace evt::outbox {
namespace {

struct MergeArgs {
  std::string file = "-";
};

// The replica lines of an export, as written: the store parses them. The
// export's closing outbox.cursor record is not one.
Result<std::vector<std::string>> ReadReplicaLines(const std::string& file) {
  std::vector<std::string> lines;
  JsonlReaderOptions options;
  options.take_line = [&lines](std::string_view line, std::size_t) {
    if (line.rfind("{\"kind\":\"outbox.cursor\"", 0) == 0) return true;
    lines.emplace_back(line);
    return true;
  };
  EVT_ASSIGN_OR_RETURN(JsonlReader reader, JsonlReader::OpenSpooled(file, std::move(options)));
  while (true) {
    EVT_ASSIGN_OR_RETURN(std::optional<JsonlRecord> record, reader.Next());
    if (!record) break;
  }
  return lines;
}

Status Report(const CommandContext& ctx, const MergeReport& report, const std::string& source) {
  const TimePoint now = ctx.clock.Now();
  for (const MergeProblem& p : report.problems)
    PrintWarning(source + ":" + std::to_string(p.line) + ": skipped: " + p.what);
  if (ctx.records) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    for (const MergeConflict& c : report.conflicts) {
      EVT_ASSIGN_OR_RETURN(Value conflict, ConflictRecord("", c.id, c.here_line, c.incoming_line, now));
      EVT_RETURN_IF_ERROR(out.Write(conflict));
    }
    EVT_RETURN_IF_ERROR(out.Write(MergeRecord(report, now)));
    EVT_RETURN_IF_ERROR(out.Flush());
  } else {
    std::cout << MergeSummary(report) << "\n" << std::flush;
  }
  if (!report.conflicts.empty())
    return Status::CheckFailed(std::to_string(report.conflicts.size()) +
                               (report.conflicts.size() == 1 ? " record conflicts" : " records conflict") +
                               " with what is here under the same id; what is here was kept");
  return Status::Ok();
}

Status RunMerge(const CommonOptions& common, const MergeArgs& args) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(std::vector<std::string> lines, ReadReplicaLines(args.file));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
  const PoisonPolicy poison = common.on_error == OnError::kSkip ? PoisonPolicy::kSkip : PoisonPolicy::kRefuseAll;
  EVT_ASSIGN_OR_RETURN(MergeReport report, store.Merge(ctx.Layout(), lines, ctx.clock.Now(), poison));
  return Report(ctx, report, args.file == "-" ? "<stdin>" : args.file);
}

}  // namespace

void AddMergeCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* merge = app.add_subcommand(
      "merge", "join another kiosk's export into this store in one transaction: an outbox.merge record; exit 1 on "
               "a conflict");
  merge->add_option("file", args->file, "the export (default: stdin, copied whole before the store is held)")
      ->type_name("FILE");
  merge->callback([&options, args] { options.run = [&options, args] { return RunMerge(options.common, *args); }; });
}

}  // namespace evt::outbox
