// `evt-outbox list`: the records held, with where each stands with each
// destination, filtered by queue, destination and state. Read-only.
#include <iostream>
#include <memory>

#include "common/command_access.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/time_display.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/outbox_records.h"
#include "tools/outbox/outbox_tables.h"

namespace evt::outbox {
namespace {

struct ListArgs {
  std::string queue;
  std::string destination;
  std::string state;
  std::size_t limit = 0;
};

Result<ListFilter> FilterOf(const ListArgs& args) {
  ListFilter filter;
  if (!args.queue.empty()) filter.queue = args.queue;
  if (!args.destination.empty()) filter.destination = args.destination;
  if (!args.state.empty()) {
    filter.state = ParseDeliveryState(args.state);
    if (!filter.state)
      return Status::Usage("--state: expected pending, delivered, dead_lettered or dropped, got \"" + args.state + "\"");
  }
  filter.limit = args.limit;
  return filter;
}

Status RunList(const CommonOptions& common, const ListArgs& args) {
  EVT_ASSIGN_OR_RETURN(ListFilter filter, FilterOf(args));
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStoreReadOnly());
  EVT_ASSIGN_OR_RETURN(std::vector<ListedRecord> records, store.List(filter));
  if (!ctx.records) {
    std::cout << ListTable(records, ctx.color, TerminalWidth(STDOUT_FILENO), DisplayZoneFor(common), ctx.clock.Now());
    std::cout.flush();
    return Status::Ok();
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  const TimePoint now = ctx.clock.Now();
  for (const ListedRecord& r : records) {
    EVT_ASSIGN_OR_RETURN(Value listed, ListedRecordOf(r, now));
    EVT_RETURN_IF_ERROR(out.Write(listed));
  }
  return out.Flush();
}

}  // namespace

void AddListCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<ListArgs>();
  CLI::App* list = app.add_subcommand("list", "the records held, oldest first, with their delivery to each destination");
  MarkReadOnly(*list);
  list->add_option("--queue", args->queue, "only this queue's records")->type_name("QUEUE");
  list->add_option("--destination", args->destination, "only the delivery rows of this destination")
      ->type_name("NAME");
  list->add_option("--state", args->state, "only records with a delivery row in this state: pending, delivered, dead_lettered, dropped")
      ->type_name("STATE")
      ->check(CLI::IsMember({"pending", "delivered", "dead_lettered", "dropped"}));
  list->add_option("--limit", args->limit, "at most N records (default: all)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  list->callback([&options, args] { options.run = [&options, args] { return RunList(options.common, *args); }; });
}

}  // namespace evt::outbox
