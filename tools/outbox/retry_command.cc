// `evt-outbox retry DESTINATION [ID]`: dead letters back to pending, due
// at once, after the cause (a template, a product the shop did not know)
// was fixed.
#include <iostream>
#include <memory>

#include "common/json_writer.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/outbox_segment_store.h"

namespace evt::outbox {
namespace {

struct RetryArgs {
  std::string destination;
  std::string id;
  bool dry_run = false;
};

Result<std::int64_t> DeadLetters(OutboxStore& store, const RetryArgs& args) {
  ListFilter filter;
  filter.destination = args.destination;
  filter.state = DeliveryState::kDeadLettered;
  EVT_ASSIGN_OR_RETURN(std::vector<ListedRecord> listed, store.List(filter));
  std::int64_t n = 0;
  for (const ListedRecord& r : listed)
    if (args.id.empty() || r.record.id == args.id) n += static_cast<std::int64_t>(r.deliveries.size());
  return n;
}

Status RunRetry(const CommonOptions& common, const RetryArgs& args) {
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  if (ctx.config.FindDestination(args.destination) == nullptr)
    return Status::Usage("no destination \"" + args.destination + "\" in " + ctx.config_path +
                         ": /outbox/destinations");
  const std::optional<std::string> id = args.id.empty() ? std::nullopt : std::optional<std::string>(args.id);
  const TimePoint now = ctx.clock.Now();
  std::int64_t rows = 0;
  if (args.dry_run) {
    EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
    EVT_ASSIGN_OR_RETURN(rows, DeadLetters(store, args));
    EVT_ASSIGN_OR_RETURN(std::vector<Segment> dead,
                         SegmentStore(store.db()).InState(args.destination, SegmentState::kDeadLettered));
    rows += static_cast<std::int64_t>(dead.size());
  } else {
    EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
    EVT_ASSIGN_OR_RETURN(rows, store.Retry(args.destination, id, now, ctx.config.kiosk));
    // An s3 destination's dead letters are whole segments (outbox_segment_store.h).
    EVT_ASSIGN_OR_RETURN(std::int64_t segments, SegmentStore(store.db()).Retry(args.destination, std::nullopt, now));
    rows += segments;
  }
  if (ctx.records) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    EVT_RETURN_IF_ERROR(out.Write(RetryRecord(args.destination, id, rows, args.dry_run, now)));
    EVT_RETURN_IF_ERROR(out.Flush());
  } else {
    std::cout << args.destination << ": " << (args.dry_run ? "would retry " : "retrying ") << rows
              << (rows == 1 ? " dead letter" : " dead letters") << (id ? " of " + *id : "") << "\n";
  }
  if (args.dry_run && rows > 0) return Status::WithCode(ExitCode::kDryRunPending, "dry run: nothing changed");
  return Status::Ok();
}

}  // namespace

void AddRetryCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<RetryArgs>();
  CLI::App* retry =
      app.add_subcommand("retry", "put DESTINATION's dead letters (or only ID's) back to pending, due at once");
  retry->add_option("destination", args->destination, "the destination, as in outbox.destinations")
      ->required()
      ->type_name("DESTINATION");
  retry->add_option("id", args->id, "only this record's dead letter")->type_name("ID");
  retry->add_flag("--dry-run", args->dry_run, "count the dead letters, change nothing; exit 3 if there are any");
  retry->callback([&options, args] { options.run = [&options, args] { return RunRetry(options.common, *args); }; });
}

}  // namespace evt::outbox
