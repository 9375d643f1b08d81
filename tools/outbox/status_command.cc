// `evt-outbox status`: per queue and destination, what is pending (records,
// bytes, the oldest's age) and what became of the rest. Read-only.
#include <iostream>

#include "common/command_access.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/site_status.h"
#include "common/text_fit.h"
#include "common/time_display.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/outbox_tables.h"
#include "tools/outbox/s3_segment_status.h"

namespace evt::outbox {
namespace {

Status RunStatus(const CommonOptions& common) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
  const TimePoint now = ctx.clock.Now();
  EVT_ASSIGN_OR_RETURN(std::vector<QueueStats> stats, store.Stats(ctx.Layout(), now));
  EVT_ASSIGN_OR_RETURN(std::vector<SegmentStats> segments, QuerySegmentStats(store, ctx.config));
  if (!ctx.records) {
    // The hold and whether a delivery pass runs: pending counts only fall while one does.
    EVT_ASSIGN_OR_RETURN(SiteStatus site, ReadSiteStatus(ctx.state_dir, now));
    std::cout << WrapLines(SiteStatusText(site, {"outbox run"}, now, DisplayZoneFor(common)),
                           TerminalWidth(STDOUT_FILENO));
    std::cout << StatusTable(stats, ctx.color, TerminalWidth(STDOUT_FILENO));
    std::cout << SegmentTable(segments, stats, ctx.color, TerminalWidth(STDOUT_FILENO));
    std::cout.flush();
    return Status::Ok();
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  for (const QueueStats& s : stats) {
    Value record = StatusRecord(s, now);
    AddSegmentFields(record, segments);
    EVT_RETURN_IF_ERROR(out.Write(record));
  }
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
