// `evt-outbox drop ID --yes`: gives up on a record everywhere (every row
// not yet delivered becomes dropped, and the drop replicates), for an order
// the shop must never see. It asks for --yes because it cannot be undone.
#include <iostream>
#include <memory>

#include "common/json_writer.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"

namespace evt::outbox {
namespace {

struct DropArgs {
  std::string id;
  bool yes = false;
  bool dry_run = false;
};

bool Droppable(DeliveryState state) {
  return state == DeliveryState::kPending || state == DeliveryState::kDeadLettered;
}

Result<std::int64_t> WouldDrop(OutboxStore& store, const std::string& id) {
  EVT_ASSIGN_OR_RETURN(std::optional<OutboxRecord> record, store.Find(id));
  if (!record) return Status::DataErr("no record with id \"" + id + "\"");
  ListFilter filter;
  filter.queue = record->queue;
  EVT_ASSIGN_OR_RETURN(std::vector<ListedRecord> listed, store.List(filter));
  std::int64_t n = 0;
  for (const ListedRecord& r : listed)
    if (r.record.id == id)
      for (const Delivery& d : r.deliveries) n += Droppable(d.state) ? 1 : 0;
  return n;
}

Status RunDrop(const CommonOptions& common, const DropArgs& args) {
  if (!args.yes && !args.dry_run)
    return Status::Usage("drop: the record is never delivered anywhere after this, on any kiosk; confirm with --yes "
                         "(or see what would change with --dry-run)");
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  const TimePoint now = ctx.clock.Now();
  std::int64_t rows = 0;
  if (args.dry_run) {
    EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
    EVT_ASSIGN_OR_RETURN(rows, WouldDrop(store, args.id));
  } else {
    EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
    EVT_ASSIGN_OR_RETURN(rows, store.Drop(args.id, now, ctx.config.kiosk));
  }
  if (ctx.records) {
    RecordWriter out(stdout, FlushPolicy::kBuffered);
    EVT_RETURN_IF_ERROR(out.Write(DropRecord(args.id, rows, args.dry_run, now)));
    EVT_RETURN_IF_ERROR(out.Flush());
  } else {
    std::cout << args.id << ": " << (args.dry_run ? "would drop " : "dropped ") << rows
              << (rows == 1 ? " delivery" : " deliveries") << "\n";
  }
  if (args.dry_run && rows > 0) return Status::WithCode(ExitCode::kDryRunPending, "dry run: nothing changed");
  return Status::Ok();
}

}  // namespace

void AddDropCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<DropArgs>();
  CLI::App* drop = app.add_subcommand(
      "drop", "give up on record ID: every delivery not yet made is dropped, here and, by replication, on every kiosk");
  drop->add_option("id", args->id, "the record's id")->required()->type_name("ID");
  drop->add_flag("--yes", args->yes, "do it (it cannot be undone)");
  drop->add_flag("--dry-run", args->dry_run, "count the deliveries it would drop, change nothing; exit 3 if any");
  drop->callback([&options, args] { options.run = [&options, args] { return RunDrop(options.common, *args); }; });
}

}  // namespace evt::outbox
