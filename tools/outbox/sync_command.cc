// `evt-outbox sync PEER|--all [--watch --interval D]`: replicate with peer
// kiosks' `serve` (sync_client.h), one outbox.sync record per exchange (on
// a terminal, a table per round).
// With --watch it repeats every --interval until SIGTERM, with a heartbeat;
// a peer that fails then is reported and tried again next round, since a
// mesh with a dead kiosk is exactly when the others must keep syncing.
// The site hold does not pause it: replication only copies between kiosks
// what one of them already accepted, sends nothing to the shop (run, which
// does, honours the hold) and is what keeps an order alive when its kiosk
// dies while a person works on the site.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <vector>

#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/table.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/sync_client.h"
#include "tools/outbox/sync_cursor_store.h"

namespace evt::outbox {
namespace {

struct SyncArgs {
  std::string peer;
  bool all = false;
  bool watch = false;
  std::string interval = "30s";
};

Result<std::vector<PeerTarget>> ChosenPeers(const CommandContext& ctx, const SyncArgs& args) {
  if (args.all == !args.peer.empty()) return Status::Usage("sync: name one PEER or give --all");
  std::vector<PeerTarget> targets;
  for (const PeerSpec& spec : ctx.config.peers) {
    if (!args.all && spec.name != args.peer) continue;
    PeerTarget target;
    target.name = spec.name;
    target.url = spec.url;
    if (spec.token) {
      EVT_ASSIGN_OR_RETURN(Secret token, ResolveTokenSpec(*spec.token));
      target.token = std::move(token);
    }
    targets.push_back(std::move(target));
  }
  if (!args.all && targets.empty()) {
    return Status::Usage("sync: no peer named " + args.peer + " in " + ctx.config_path + ": /outbox/peers");
  }
  if (targets.empty()) return Status::Config(ctx.config_path + ": /outbox/peers: no peers to sync with");
  return targets;
}

// Where a round's exchanges go: outbox.sync records, or on a terminal one
// table per round.
struct SyncOutput {
  RecordWriter* records = nullptr;  // null: a table
  bool color = false;
};

std::string SyncTable(const std::vector<SyncReport>& reports, bool color) {
  Table table;
  table.AddColumn("PEER", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("PULLED", {.priority = Priority::kLow});
  table.AddColumn("PUSHED", {.priority = Priority::kLow});
  table.AddColumn("NEW HERE", {.priority = Priority::kHigh});
  table.AddColumn("NEW THERE", {.priority = Priority::kHigh});
  table.AddColumn("CONFLICTS", {.priority = Priority::kHigh});
  table.AddColumn("TOOK", {.priority = Priority::kLow});
  for (const SyncReport& r : reports) {
    Cell conflicts(std::to_string(r.conflicts), r.conflicts > 0 ? Style::kBad : Style::kPlain);
    table.AddRow({r.peer, std::to_string(r.pulled), std::to_string(r.pushed), std::to_string(r.added_here),
                  std::to_string(r.added_there), conflicts, DurationText(Duration(r.duration_ms))});
  }
  return table.Render(color, TerminalWidth(STDOUT_FILENO));
}

// One exchange with every chosen peer. Every peer is tried; the first
// failure is what the round returns, the others are printed.
Status SyncRound(const SyncContext& context, const std::vector<PeerTarget>& peers, const SyncOutput& output) {
  Status first_failure;
  std::vector<SyncReport> done;
  for (const PeerTarget& peer : peers) {
    if (StopRequested()) break;
    Result<SyncReport> report = SyncWithPeer(context, peer);
    if (report.ok() && output.records) {
      EVT_RETURN_IF_ERROR(output.records->Write(SyncRecord(*report)));
    } else if (report.ok()) {
      done.push_back(*report);
    } else if (first_failure.ok()) {
      first_failure = report.status();
    } else {
      PrintError(report.status());
    }
  }
  if (!output.records && !done.empty()) {
    std::cout << SyncTable(done, output.color);
    std::cout.flush();
  }
  return first_failure;
}

Status RunSync(const CommonOptions& common, const SyncArgs& args) {
  EVT_ASSIGN_OR_RETURN(Duration interval, ParseDuration(args.interval));
  if (interval.count() <= 0) return Status::Usage("--interval: expected a duration above 0");
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(std::vector<PeerTarget> peers, ChosenPeers(ctx, args));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
  EVT_ASSIGN_OR_RETURN(SyncCursorStore cursors, SyncCursorStore::Open(ctx.state_dir));
  const OutboxLayout layout = ctx.Layout();
  SyncContext context{&store, &cursors, &layout, ctx.config.kiosk, &ctx.clock};
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  const SyncOutput output{ctx.records ? &out : nullptr, ctx.color};
  EVT_ASSIGN_OR_RETURN(RunBeat beat, RunBeat::Start(ctx.state_dir, "outbox sync", args.watch));
  if (!args.watch) {
    EVT_RETURN_IF_ERROR(SyncRound(context, peers, output));
    return beat.Finish();
  }
  do {
    Status round = SyncRound(context, peers, output);
    if (!round.ok()) PrintError(round);
    if (out.reader_gone()) break;
  } while (SleepUnlessStopRequested(interval));
  return beat.Finish();
}

}  // namespace

void AddSyncCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<SyncArgs>();
  CLI::App* sync = app.add_subcommand(
      "sync", "replicate with peer kiosks: pull what a peer's serve holds that this kiosk lacks, push what it "
              "lacks; one outbox.sync record per exchange");
  sync->add_option("peer", args->peer, "the peer, as outbox.peers names it")->type_name("PEER");
  sync->add_flag("--all", args->all, "every peer in outbox.peers");
  sync->add_flag("--watch", args->watch, "keep syncing every --interval until stopped (a failed peer is retried)");
  sync->add_option("--interval", args->interval, "the pace of --watch (default 30s)")->type_name("D");
  sync->callback([&options, args] { options.run = [&options, args] { return RunSync(options.common, *args); }; });
}

}  // namespace evt::outbox
