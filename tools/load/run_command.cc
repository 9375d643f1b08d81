#include <algorithm>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#include <memory>

#include "common/cli_vocabulary.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "tools/load/commands.h"
#include "tools/load/flow_unit.h"
#include "tools/load/run_outputs.h"
#include "tools/load/run_plan.h"

namespace evt::load {
namespace {

// Files besides the sockets: stdio, --raw, the config, libcurl's own.
constexpr rlim_t kSpareFiles = 64;

// Every request in flight holds a socket: raises the soft limit on open
// files as far as the hard one allows, and says so when that is still
// short, bounding the requests in flight to fit rather than letting
// sockets fail as connect errors the server never caused.
std::int64_t FitToOpenFileLimit(std::int64_t bound) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return bound;
  const rlim_t wanted = static_cast<rlim_t>(bound) + kSpareFiles;
  if (limit.rlim_cur >= wanted) return bound;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < wanted) {
    getrlimit(RLIMIT_NOFILE, &limit);
    const auto fits = static_cast<std::int64_t>(limit.rlim_cur > kSpareFiles ? limit.rlim_cur - kSpareFiles : 1);
    PrintWarning("only " + std::to_string(limit.rlim_cur) + " files may be open (ulimit -n): at most " +
                 std::to_string(fits) + " requests in flight, not " + std::to_string(bound));
    return fits;
  }
  return bound;
}

StopCause CauseOf(const OpenLoopSummary& s, const Plan& plan) {
  switch (s.reason) {
    case StopReason::kInterrupted: return StopCause::kInterrupted;
    case StopReason::kAborted: return StopCause::kAborted;
    case StopReason::kTimeBound: return StopCause::kTimeBound;
    case StopReason::kDone: break;
  }
  return plan.request_capped ? StopCause::kRequestBound : StopCause::kDone;
}

std::string ReasonOf(const OpenLoopSummary& s, const Plan& plan, std::int64_t in_flight_bound) {
  switch (CauseOf(s, plan)) {
    case StopCause::kInterrupted: return s.signal == SIGTERM ? "SIGTERM" : "SIGINT";
    case StopCause::kAborted: return s.abort_reason;
    case StopCause::kTimeBound:
      return std::to_string(s.unsent) + " arrival(s) never left: --max-in-flight " + std::to_string(in_flight_bound) +
             " or the engine could not keep the schedule";
    case StopCause::kRequestBound: return "--max-requests";
    case StopCause::kDone: break;
  }
  return "";
}


}  // namespace

Status RunLoad(const Options& o) {
  EVT_ASSIGN_OR_RETURN(Duration timeout, DurationFlag("--timeout", o.timeout));
  EVT_ASSIGN_OR_RETURN(AbortRules rules, AbortRules::Parse(o.abort_if));
  EVT_ASSIGN_OR_RETURN(ChosenOutput chosen, ResolveOutput(o.common, o.format));
  const OutputFormat format = chosen.metrics.value_or(OutputFormat::kRecords);
  EVT_ASSIGN_OR_RETURN(LoadSection section, LoadSectionFor(o.common.config));
  TargetGuard guard(section);
  Engines engines;
  // The engine is made before the plan (units keep a reference to it) with
  // the bound known only after; a ProbeEngine's concurrency is only a cap,
  // so it gets the largest the flags allow and the driver keeps the bound.
  std::int64_t engine_cap = o.max_in_flight > 0 ? o.max_in_flight : kMaxInFlight;
  engines.engine = std::make_unique<probe::ProbeEngine>(engines.clock, static_cast<std::size_t>(engine_cap));
  Plan plan;
  EVT_RETURN_IF_ERROR(PlanRun(o, section, guard, engines, timeout, plan));
  std::int64_t bound = FitToOpenFileLimit(InFlightBound(o, plan.peak_rate, timeout));

  RawOutput raw;
  EVT_RETURN_IF_ERROR(raw.Open(o.raw_file));
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  std::unique_ptr<LiveView> view;
  if (WantLiveView(o.common, RealTerminalEnv())) view = std::make_unique<LiveView>(stderr, plan.description.target);
  if (!o.name.empty()) plan.description.target = o.name;
  // On a terminal the live view is the output: records would scroll it away.
  const bool terminal = view != nullptr;
  WindowOutput windows(out, format == OutputFormat::kRecords && !terminal, plan.description.target, std::move(view),
                       std::move(rules));

  OpenLoopSettings settings;
  settings.max_in_flight = bound;
  OpenLoopDriver driver(*engines.engine, engines.load_clock, *plan.unit, std::move(*plan.arrivals), settings);
  driver.on_window = [&](const LoadWindow& w) { windows.Show(w); };
  driver.on_outcome = [&](const RequestOutcome& r) { raw.Add(r); };
  driver.abort_check = [&](const LoadWindow& w) { return windows.AbortReason(w); };
  OpenLoopSummary summary = driver.Run();

  plan.description.stopped = CauseOf(summary, plan);
  plan.description.reason = ReasonOf(summary, plan, bound);
  EVT_RETURN_IF_ERROR(windows.status());
  EVT_RETURN_IF_ERROR(raw.Close());
  if (terminal && format == OutputFormat::kRecords) {
    std::fputs(SummaryLine(plan.description, summary.total, TerminalWidth(STDOUT_FILENO, RealTerminalEnv())).c_str(),
               stdout);
  } else {
    EVT_RETURN_IF_ERROR(WriteSummary(format, out, plan.description, summary, windows.last()));
  }
  if (auto* flow = dynamic_cast<FlowUnit*>(plan.unit.get()); flow != nullptr && flow->cleanup_failures() > 0)
    PrintWarning(std::to_string(flow->cleanup_failures()) + " buyer(s) did not finish their cleanup steps");
  switch (plan.description.stopped) {
    case StopCause::kAborted: return Status::CheckFailed("aborted: " + summary.abort_reason);
    case StopCause::kTimeBound: PrintWarning(plan.description.reason); break;
    default: break;
  }
  return Status::Ok();
}

}  // namespace evt::load
