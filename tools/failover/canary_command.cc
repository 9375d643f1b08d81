// `evt-failover canary ROUTE --to NEW`, `canary status [ROUTE]` and
// `canary abort ROUTE` (doc/design.md §19). The canary runs in this
// command's process, not inside the watch daemon: it asks a person before
// promoting, runs hooks that may take minutes, and its records and exit
// status belong to whoever started it; the daemon meanwhile sees the lease
// in failover.db and leaves the route's weights to it (route_loop.h).
#include <chrono>
#include <initializer_list>
#include <iostream>
#include <thread>

#include "common/clock.h"
#include "common/command_access.h"
#include "common/heartbeat.h"
#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/site_hold.h"
#include "common/state_root.h"
#include "tools/failover/canary_plan.h"
#include "tools/failover/canary_record.h"
#include "tools/failover/canary_run.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/route_record.h"
#include "tools/failover/steering_driver_factory.h"

namespace evt::failover {
namespace {

constexpr const char* kCanaryDaemon = "failover canary";
constexpr Duration kAbortPollEvery{200};

// One line a person reads for a failover.canary record.
std::string CanaryLine(const Value& r) {
  auto text = [&r](const char* key) {
    const Value* v = r.find(key);
    return v && v->is_string() ? v->as_string() : std::string();
  };
  auto number = [&r](const char* key) {
    const Value* v = r.find(key);
    return v && v->is_int() ? std::to_string(v->as_int()) : std::string("?");
  };
  std::string line = text("route") + ": " + text("event") + " " + text("canary") + " step " + number("step") + "/" +
                     number("of") + " (" + number("percent") + " %)";
  if (const Value* weights = r.find("weights")) {
    Result<std::string> json = ToJson(*weights);
    if (json.ok()) line += " weights " + *json;
  }
  if (!text("verdict").empty()) line += ": " + text("verdict") + " (" + text("judged") + ")";
  if (const Value* metrics = r.find("metrics"))
    for (const Value& m : metrics->as_array())
      line += "\n  " + m.find("name")->as_string() + ": " + m.find("verdict")->as_string() + ", " +
              m.find("reason")->as_string();
  if (!text("reason").empty()) line += ": " + text("reason");
  return line;
}

struct Printer {
  explicit Printer(const Options& o) : records(WantRecords(o.common)) {}
  Status Print(const Value& r) {
    if (records) return out.Write(r);
    std::cout << CanaryLine(r) << std::endl;
    return Status::Ok();
  }
  bool records;
  RecordWriter out{stdout, FlushPolicy::kEveryRecord};
};

Result<const RouteSpec*> FindRoute(const FailoverConfig& config, const std::string& route) {
  const RouteSpec* spec = config.routes.Find(route);
  if (!spec) return Status::Usage("canary: no route \"" + route + "\" in failover.routes");
  return spec;
}

Result<CanarySpec> CanarySpecFor(const Options& o, const FailoverConfig& config) {
  if (!config.canary) return Status::Config("canary: the config has no failover.canary (steps, interval, judge)");
  CanarySpec spec = *config.canary;
  if (!o.canary_steps.empty()) {
    EVT_ASSIGN_OR_RETURN(spec.steps, ParseCanarySteps(o.canary_steps));
  }
  if (!o.canary_interval.empty()) {
    Result<Duration> interval = ParseDuration(o.canary_interval);
    if (!interval.ok() || interval->count() <= 0 || *interval > std::chrono::hours(24))
      return Status::Usage("--interval: expected a duration more than 0s and at most 1d, got \"" + o.canary_interval + "\"");
    spec.interval = *interval;
  }
  return spec;
}

CanaryRun FreshRun(const CanaryPlan& plan, TimePoint now) {
  CanaryRun run;
  run.route = plan.route;
  run.canary = plan.canary;
  run.baseline = plan.baseline;
  run.steps = plan.steps;
  run.holder = ThisHolder();
  run.started = run.updated = now;
  return run;
}

Status PrintPlan(const Options& o, const CanarySpec& spec, const CanaryPlan& plan) {
  Printer printer(o);
  const CanaryRun run = FreshRun(plan, SystemClock().Now());
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    CanaryRun at = run;
    at.step = static_cast<int>(i);
    Value r = CanaryRecord(at, "plan", SystemClock().Now());
    r.set("weights", WeightsValue(CanaryWeights(plan, plan.steps[i])));
    r.set("window_ms", static_cast<std::int64_t>(spec.interval.count()));
    EVT_RETURN_IF_ERROR(printer.Print(r));
  }
  return Status::WithCode(ExitCode::kDryRunPending, "canary " + plan.route + ": dry run, nothing changed");
}

std::vector<std::string> GlobalArgs(const Options& o, const std::string& dir) {
  std::vector<std::string> args;
  if (!o.common.config.empty()) args.insert(args.end(), {"--config", o.common.config});
  args.insert(args.end(), {"--state-dir", dir});
  return args;
}

bool NamesAnyHook(const CanaryHooksSpec& hooks) { return hooks.pre_rollout || hooks.promote || hooks.rollback; }

// Everything the runner acts through, for real. `program` is used only
// when the spec names a runbook.
CanarySeams RealSeams(const Options& o, const CanarySpec& spec, SteeringDriver& driver, CanarySampler* sampler,
                      CanaryStore& store, const RunbookProgram& program, HoldKeeper& hold, Printer& printer) {
  static const SystemClock clock;
  CanarySeams s;
  s.driver = &driver;
  s.sampler = sampler;
  s.store = &store;
  s.clock = &clock;
  s.judge = [&spec](const CanaryStepSamples& samples) { return JudgeCanaryStep(spec.judge, samples.baseline, samples.canary); };
  s.run_hook = [&spec, program](CanaryHook hook, const CanaryHookContext& context) {
    return RunCanaryHook(spec.hooks, hook, context, program);
  };
  const bool yes = o.yes;
  s.confirm = [&spec, yes](const CanaryHookContext& context) { return ConfirmPromotion(spec.hooks, context, yes); };
  s.held = [&hold](TimePoint now) -> std::optional<std::string> {
    const std::optional<SiteHold>& h = hold.At(now);
    return h ? std::optional(HoldText(*h)) : std::nullopt;
  };
  s.emit = [&printer](const Value& r) { return printer.Print(r); };
  s.stop_requested = [] { return StopRequested(); };
  return s;
}

Result<RunbookProgram> HookProgram(const Options& o, const CanarySpec& spec, const std::string& dir) {
  if (!NamesAnyHook(spec.hooks)) return RunbookProgram{"", GlobalArgs(o, dir), o.yes};
  return FindRunbookProgram(GlobalArgs(o, dir), o.yes);
}

}  // namespace

Status RunCanary(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("canary"));
  if (o.canary_to.empty()) return Status::Usage("canary: --to NEW is required (or `canary status`, `canary abort`)");
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  EVT_ASSIGN_OR_RETURN(const RouteSpec* route, FindRoute(config, o.route));
  EVT_ASSIGN_OR_RETURN(CanarySpec spec, CanarySpecFor(o, config));
  EVT_ASSIGN_OR_RETURN(CanaryPlan plan, PlanCanary(*route, o.canary_to, spec.steps));
  if (o.dry_run) return PrintPlan(o, spec, plan);
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(std::optional<SiteHold> held, HoldAt(dir, SystemClock().Now()));
  if (held) return Status::TempFail("canary " + plan.route + ": not started: " + HoldText(*held));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<SteeringDriver> driver, MakeSteeringDriver(route->driver));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<CanarySampler> sampler, MakeCanarySampler(spec.samples, spec.judge, config.targets));
  EVT_ASSIGN_OR_RETURN(RunbookProgram program, HookProgram(o, spec, dir));
  EVT_ASSIGN_OR_RETURN(CanaryStore store, CanaryStore::Open(dir));
  EVT_ASSIGN_OR_RETURN(CanaryRun run, store.Acquire(FreshRun(plan, SystemClock().Now())));
  if (run.steps != plan.steps) {
    PrintWarning("canary " + plan.route + ": resuming with the steps it started with, not --steps or the config's");
    plan.steps = run.steps;
  }
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<Heartbeat> beat, Heartbeat::Start(dir, kCanaryDaemon));
  HoldKeeper hold(dir);
  Printer printer(o);
  CanaryRunner runner(spec, plan, route->members,
                      RealSeams(o, spec, *driver, sampler.get(), store, program, hold, printer));
  EVT_ASSIGN_OR_RETURN(CanaryOutcome outcome, runner.Run(run));
  return CanaryExitStatus(plan, outcome);
}

namespace {

Value StatusRecord(CanaryStore& store, const CanaryRun& run, TimePoint now) {
  Value r = CanaryRecord(run, "status", now);
  r.set("holder_alive", run.state == CanaryState::kRunning && HolderAlive(run.holder));
  r.set("updated", FormatRfc3339(run.updated));
  Result<std::vector<CanaryStepRow>> last = store.Steps(run.route, 1);
  if (last.ok() && !last->empty()) {
    const CanaryStepRow& s = last->front();
    r.set("verdict", s.verdict);
    r.set("score", s.score);
    Result<Value> metrics = ParseJson(s.metrics, "failover.db: canary_steps.metrics");
    if (metrics.ok()) r.set("metrics", std::move(*metrics));
  }
  return r;
}

}  // namespace

Status RunCanaryStatus(const Options& o) {
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(CanaryStore store, CanaryStore::OpenReadOnly(dir));
  std::vector<CanaryRun> runs;
  if (o.route.empty()) {
    EVT_ASSIGN_OR_RETURN(runs, store.LoadAll());
  } else {
    EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> run, store.Load(o.route));
    if (!run) return Status::CheckFailed("canary status: route \"" + o.route + "\" has had no canary");
    runs.push_back(std::move(*run));
  }
  Printer printer(o);
  if (runs.empty() && !printer.records) std::cout << "no canary has run on " << dir << "\n";
  for (const CanaryRun& run : runs) EVT_RETURN_IF_ERROR(printer.Print(StatusRecord(store, run, SystemClock().Now())));
  return Status::Ok();
}

namespace {

// A live holder rolls back at its next check between collections; this
// waits for it, at most `wait`. True when the holder rolled it back; false
// when the holder stopped (holding, or died) without doing it, so the
// caller rolls back itself.
Result<bool> AskHolderToAbort(CanaryStore& store, const CanaryRun& run, Duration wait, Printer& printer) {
  EVT_RETURN_IF_ERROR(store.RequestAbort(run.route));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!StopRequested() && std::chrono::steady_clock::now() < deadline) {
    EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> now, store.Load(run.route));
    if (now && !now->Leases()) {
      EVT_RETURN_IF_ERROR(printer.Print(CanaryRecord(*now, "rollback", SystemClock().Now())));
      return true;
    }
    if (!now || now->state != CanaryState::kRunning || !HolderAlive(now->holder)) return false;
    std::this_thread::sleep_for(kAbortPollEvery);
  }
  return Status::TempFail("canary abort " + run.route + ": requested; pid " + std::to_string(run.holder.pid) +
                          " rolls it back at its next check (within its interval); the request stays");
}

}  // namespace

Status RunCanaryAbort(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("canary abort"));
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  EVT_ASSIGN_OR_RETURN(const RouteSpec* route, FindRoute(config, o.route));
  EVT_ASSIGN_OR_RETURN(std::string dir, ResolveStateDir(o.common));
  EVT_ASSIGN_OR_RETURN(CanaryStore store, CanaryStore::Open(dir));
  EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> stored, store.Load(o.route));
  Printer printer(o);
  if (!stored || !stored->Leases()) {
    PrintWarning("canary abort " + o.route + ": no canary in progress; nothing changed");
    return Status::Ok();
  }
  // abort's --dry-run must show the rollback, never do it.
  if (o.dry_run) {
    const int at = stored->step >= 0 && stored->step < static_cast<int>(stored->steps.size()) ? stored->steps[stored->step] : 0;
    return Status::WithCode(ExitCode::kDryRunPending,
                            "canary abort " + o.route + ": dry run: would roll back " + stored->canary + " (at " +
                                std::to_string(at) + " %) to weight 0 and drain it, and run the rollback hook; "
                                "nothing changed");
  }
  CanarySpec spec = config.canary.value_or(CanarySpec{});
  if (stored->state == CanaryState::kRunning && HolderAlive(stored->holder)) {
    EVT_ASSIGN_OR_RETURN(bool rolled_back, AskHolderToAbort(store, *stored, spec.interval + Duration(10000), printer));
    if (rolled_back) return Status::Ok();
  }
  EVT_ASSIGN_OR_RETURN(CanaryPlan plan, PlanCanary(*route, stored->canary, stored->steps));
  EVT_ASSIGN_OR_RETURN(CanaryRun run, store.Acquire(FreshRun(plan, SystemClock().Now())));
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<SteeringDriver> driver, MakeSteeringDriver(route->driver));
  EVT_ASSIGN_OR_RETURN(RunbookProgram program, HookProgram(o, spec, dir));
  HoldKeeper hold(dir);
  CanaryRunner runner(spec, plan, route->members, RealSeams(o, spec, *driver, nullptr, store, program, hold, printer));
  EVT_ASSIGN_OR_RETURN(CanaryOutcome outcome, runner.RollBack(run, "aborted by " + WhoAmI()));
  if (!outcome.hook_error.empty()) return Status::CheckFailed("canary abort " + o.route + ": " + outcome.hook_error);
  if (outcome.end == CanaryEnd::kHolding) return Status::Unavailable("canary abort " + o.route + ": " + outcome.why);
  return Status::Ok();
}

namespace {

// The subcommands take the common options through CLI11's fallthrough, and
// with them, silently, the options of `canary ROUTE --to NEW`: a person who
// typed `canary status --to v2` must hear that --to did nothing there.
void RefuseStartOptions(const CLI::App& canary, const std::string& command,
                        std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (canary.get_option(name)->count() > 0) {
      throw CLI::ValidationError(name, "applies to `canary ROUTE --to NEW`, not to `" + command + "`");
    }
  }
}

}  // namespace

void AddCanaryCommand(CLI::App& app, Options& o) {
  CLI::App* canary = app.add_subcommand(
      "canary", "shift ROUTE's traffic to NEW step by step, judging it against the members that carried the route at "
                "each step; promote it at 100 % or roll it back (exit 0 promoted, 1 rolled back, 75 holding)");
  canary->parse_complete_callback([&o] {
    if (o.command == Command::kNone) o.command = Command::kCanary;
  });
  canary->add_option("ROUTE", o.route, "the route (a failover.routes name)");
  canary->add_option("--to", o.canary_to, "the new member: in the route with no share before the canary")
      ->type_name("NEW");
  canary->add_option("--steps", o.canary_steps, "percentages for NEW, rising (default: failover.canary.steps); "
                                                "100 is added when the last is below it")
      ->type_name("LIST");
  canary->add_option("--interval", o.canary_interval, "each step's window (default: failover.canary.interval)")
      ->type_name("D");
  canary->add_flag("--yes", o.yes, "confirm the promotion without asking (and pass --yes to the hooks' runbooks)");
  canary->add_flag("--dry-run", o.dry_run, "print the plan (each step's weights), change nothing, exit 3");
  CLI::App* status = canary->add_subcommand("status", "show each route's canary: its step, verdicts, holder");
  MarkReadOnly(*status);
  status->parse_complete_callback([&o, canary] {
    RefuseStartOptions(*canary, "canary status", {"--to", "--steps", "--interval", "--yes", "--dry-run"});
    o.command = Command::kCanaryStatus;
  });
  status->add_option("ROUTE", o.route, "only this route");
  CLI::App* abort = canary->add_subcommand("abort", "roll ROUTE's canary back now: NEW to weight 0 and drained");
  abort->parse_complete_callback([&o, canary] {
    RefuseStartOptions(*canary, "canary abort", {"--to", "--steps", "--interval", "--yes", "--dry-run"});
    o.command = Command::kCanaryAbort;
  });
  abort->add_option("ROUTE", o.route, "the route")->required();
  abort->add_flag("--dry-run", o.dry_run, "show the rollback, change nothing, exit 3");
}

}  // namespace evt::failover
