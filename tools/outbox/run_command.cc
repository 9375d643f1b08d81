// `evt-outbox run [--watch] [--destination NAME] [--interval D]`: one
// delivery pass over every destination (for a timer), or passes every
// interval until SIGTERM (the service, with a heartbeat). Each send and
// each closed gate is an outbox.delivery record on stdout.
#include <memory>
#include <random>
#include <set>

#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/process_state.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/commands.h"
#include "tools/outbox/delivery_pass.h"
#include "tools/outbox/rollup_seal.h"
#include "tools/outbox/s3_segment_runs.h"
#include "tools/outbox/store_ledger.h"

namespace evt::outbox {
namespace {

struct RunArgs {
  bool watch = false;
  std::string destination;
  std::string interval = "5s";
};

// One destination as the run holds it: its config, its token (read once,
// at start, so a missing file fails before anything is sent) and its gate.
struct Destination {
  HttpDestination http;
  std::optional<Secret> token;
  std::unique_ptr<Gate> gate;
  std::set<std::string> warned;  // unreadable-gate reasons said on stderr
};

Result<std::vector<std::unique_ptr<Destination>>> LoadDestinations(const CommandContext& ctx, const RunArgs& args,
                                                                    const CommonOptions& common) {
  std::vector<std::string> child_args{"--config", ctx.config_path};
  if (!common.state_dir.empty()) child_args.insert(child_args.end(), {"--state-dir", ctx.state_dir});
  std::vector<std::unique_ptr<Destination>> out;
  for (const DestinationSpec& spec : ctx.config.destinations) {
    if (spec.type != "http" || (!args.destination.empty() && spec.name != args.destination)) continue;
    auto d = std::make_unique<Destination>();
    EVT_ASSIGN_OR_RETURN(d->http, ParseHttpDestination(spec, ctx.config.config_dir));
    if (d->http.token) {
      auto token = ResolveTokenSpec(*d->http.token);
      if (!token.ok()) return token.status().Prefixed("destination " + spec.name);
      d->token = std::move(*token);
    }
    d->gate = std::make_unique<Gate>(d->http.when, child_args, ctx.state_dir, ChildToolRunner());
    out.push_back(std::move(d));
  }
  if (!args.destination.empty() && ctx.config.FindDestination(args.destination) == nullptr) {
    return Status::Usage("no destination \"" + args.destination + "\" in " + ctx.config_path + ": /outbox/destinations");
  }
  return out;
}

SenderEnv MakeEnv(const CommandContext& ctx, Destination& d, HttpTransport& transport, RecordWriter& out) {
  SenderEnv env;
  env.kiosk = ctx.config.kiosk;
  env.takeover_after = ctx.config.takeover_after;
  env.clock = &ctx.clock;
  env.transport = &transport;
  env.token = d.token ? &*d.token : nullptr;
  Destination* dest = &d;
  env.gate = [dest](TimePoint now) {
    GateVerdict v = dest->gate->Check(now);
    // A gate that cannot be read is a problem to fix, said once; a gate
    // that is closed as configured is the record's business alone.
    if (!v.open && v.reason.find("unreadable") != std::string::npos && dest->warned.insert(v.reason).second) {
      PrintWarning("destination " + dest->http.name + ": gate closed: " + v.reason);
    }
    return v;
  };
  env.emit = [&out](const Value& record) { return out.Write(record); };
  env.stop_requested = [] { return StopRequested(); };
  env.sleep = [](Duration d) { SleepUnlessStopRequested(d); };
  env.seed = std::random_device{}();
  return env;
}

Result<S3Runs> LoadS3Runs(const CommandContext& ctx, const RunArgs& args, const CommonOptions& common,
                          RecordWriter& out) {
  S3RunsEnv env;
  env.config = &ctx.config;
  env.state_dir = ctx.state_dir;
  env.child_args = {"--config", ctx.config_path};
  if (!common.state_dir.empty()) env.child_args.insert(env.child_args.end(), {"--state-dir", ctx.state_dir});
  env.clock = &ctx.clock;
  env.emit = [&out](const Value& record) { return out.Write(record); };
  return S3Runs::Load(env, args.destination);
}

bool AnyQueueRollsUp(const OutboxConfig& config) {
  for (const QueueSpec& queue : config.queues) {
    if (queue.transforms.rollup) return true;
  }
  return false;
}

// A timer that runs `run` against a config with nothing to deliver would
// "succeed" every minute while orders pile up unseen; refusing says so on
// the first run (doc/design.md §15.5).
Status RefuseNothingToRun(const CommandContext& ctx, std::size_t http_destinations, const S3Runs& s3) {
  if (http_destinations > 0 || !s3.empty() || AnyQueueRollsUp(ctx.config)) return Status::Ok();
  return Status::Config("nothing to run: " + ctx.config_path +
                        " names no outbox destination (/outbox/destinations) and no queue with a roll-up "
                        "(/outbox/queues/*/rollup)");
}

Status RunRun(const CommonOptions& common, const RunArgs& args) {
  auto interval = ParseDuration(args.interval);
  if (!interval.ok()) return Status::Usage("--interval: " + interval.status().message());
  if (*interval <= Duration(0)) return Status::Usage("--interval: expected a duration above 0");
  EVT_ASSIGN_OR_RETURN(CommandContext ctx, CommandContext::Make(common));
  EVT_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Destination>> destinations, LoadDestinations(ctx, args, common));
  EVT_ASSIGN_OR_RETURN(OutboxStore store, ctx.OpenStore());
  StoreLedger ledger(store);
  std::unique_ptr<HttpTransport> transport = MakeCurlTransport();
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  std::vector<DestinationSender> senders;
  for (auto& d : destinations) senders.emplace_back(d->http, MakeEnv(ctx, *d, *transport, out));
  EVT_ASSIGN_OR_RETURN(S3Runs s3, LoadS3Runs(ctx, args, common, out));
  EVT_RETURN_IF_ERROR(RefuseNothingToRun(ctx, senders.size(), s3));
  EVT_ASSIGN_OR_RETURN(RunBeat beat, RunBeat::Start(ctx.state_dir, "outbox run", args.watch));
  Status first_error;
  std::set<std::string> said;  // a watch says each destination's refusal once
  while (!StopRequested()) {
    EVT_RETURN_IF_ERROR(SealClosedRollups(ctx, store).status());
    for (DestinationSender& sender : senders) {
      if (StopRequested()) break;
      auto report = sender.RunPass(ledger);
      if (report.ok()) continue;
      // A refused token is this destination's alone; anything else (the
      // store failing) is the whole run's.
      if (report.status().code() != ExitCode::kConfig) return report.status();
      if (!args.watch) {
        if (first_error.ok()) first_error = report.status();
        continue;
      }
      // A service keeps the other destinations going; the refusal stays
      // in the records until a person fixes the token.
      if (said.insert(sender.destination().name).second) PrintError(report.status());
    }
    Status s3_status = s3.RunPasses(store, false);
    if (!s3_status.ok() && s3_status.code() != ExitCode::kConfig) return s3_status;
    if (!s3_status.ok() && !args.watch && first_error.ok()) first_error = s3_status;
    if (!s3_status.ok() && args.watch && said.insert(s3_status.message()).second) PrintError(s3_status);
    if (!args.watch || out.reader_gone()) break;
    SleepUnlessStopRequested(*interval);
  }
  // The service's stop: what is pending for s3 is sealed and sent now, not
  // left to age in the spool until the next start.
  if (args.watch) {
    Status flushed = s3.RunPasses(store, true);
    if (!flushed.ok() && first_error.ok()) first_error = flushed;
  }
  EVT_RETURN_IF_ERROR(beat.Finish());
  return first_error;
}

}  // namespace

void AddRunCommand(CLI::App& app, Options& options) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand("run", "deliver what is due: one pass over every destination, or --watch");
  run->add_flag("--watch", args->watch, "keep delivering, a pass every --interval, until stopped (the service)");
  run->add_option("--destination", args->destination, "only this destination, as in outbox.destinations")
      ->type_name("NAME");
  run->add_option("--interval", args->interval, "with --watch: the pause between passes (default 5s)")
      ->type_name("D");
  run->callback([&options, args] { options.run = [&options, args] { return RunRun(options.common, *args); }; });
}

}  // namespace evt::outbox
