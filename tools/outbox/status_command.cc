// `evt-outbox status`: per queue and destination, what is pending (records,
// bytes, the oldest's age) and what became of the rest. Read-only.
#include <iostream>

#include "common/command_access.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/outbox_tables.h"

namespace evt::outbox {
namespace {

Status RunStatus(const CommonOptions& common) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
  const TimePoint now = ctx.clock.Now();
  EVT_ASSIGN_OR_RETURN(std::vector<QueueStats> stats, store.Stats(ctx.Layout(), now));
  if (!ctx.records) {
    std::cout << StatusTable(stats, ctx.color, TerminalWidth(STDOUT_FILENO));
    std::cout.flush();
    return Status::Ok();
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  for (const QueueStats& s : stats) EVT_RETURN_IF_ERROR(out.Write(StatusRecord(s, now)));
  return out.Flush();
}

}  // namespace

void AddStatusCommand(CLI::App& app, Options& options) {
  CLI::App* status = app.add_subcommand(
      "status", "per queue and destination: pending records and bytes, oldest pending age, delivered, retried, "
                "dead-lettered, dropped, shed");
  MarkReadOnly(*status);
  status->callback([&options] { options.run = [&options] { return RunStatus(options.common); }; });
}

}  // namespace evt::outbox
