// `evt-outbox sync PEER|--all [--watch --interval D]`: replicate with peer
// kiosks' `serve` (sync_client.h), one outbox.sync record per exchange.
// With --watch it repeats every --interval until SIGTERM, with a heartbeat;
// a peer that fails then is reported and tried again next round, since a
// mesh with a dead kiosk is exactly when the others must keep syncing.
#include <memory>
#include <vector>

#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/process_state.h"
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

// One exchange with every chosen peer. Every peer is tried; the first
// failure is what the round returns, the others are printed.
Status SyncRound(const SyncContext& context, const std::vector<PeerTarget>& peers, RecordWriter& out) {
  Status first_failure;
  for (const PeerTarget& peer : peers) {
    if (StopRequested()) break;
    Result<SyncReport> report = SyncWithPeer(context, peer);
    if (report.ok()) {
      EVT_RETURN_IF_ERROR(out.Write(SyncRecord(*report)));
    } else if (first_failure.ok()) {
      first_failure = report.status();
    } else {
      PrintError(report.status());
    }
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
  EVT_ASSIGN_OR_RETURN(RunBeat beat, RunBeat::Start(ctx.state_dir, "outbox sync", args.watch));
  if (!args.watch) {
    EVT_RETURN_IF_ERROR(SyncRound(context, peers, out));
    return beat.Finish();
  }
  do {
    Status round = SyncRound(context, peers, out);
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
