#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "engine/flow/flow_file.h"
#include "engine/probe/probe_engine.h"
#include "tools/load/abort_rule.h"
#include "tools/load/arrivals.h"
#include "tools/load/commands.h"
#include "tools/load/flow_unit.h"
#include "tools/load/live_view.h"
#include "tools/load/load_clock.h"
#include "tools/load/load_config.h"
#include "tools/load/load_prometheus.h"
#include "tools/load/load_records.h"
#include "tools/load/open_loop.h"
#include "tools/load/replay_log.h"
#include "tools/load/replay_options.h"
#include "tools/load/replay_schedule.h"
#include "tools/load/replay_unit.h"
#include "tools/load/target_guard.h"
#include "tools/load/url_unit.h"

namespace evt::load {
namespace {

// Without --duration a URL or flow run lasts this long: every run is bounded.
constexpr Duration kDefaultDuration{10000};
// Without --max-in-flight: enough for the rate through a whole timeout, and
// never so few that a short stall turns into slip.
constexpr std::int64_t kMinDefaultInFlight = 64;
constexpr std::int64_t kMaxDefaultInFlight = 10000;

// What one run sends: its unit of load, the schedule and how records name it.
struct Plan {
  RunDescription description;
  std::unique_ptr<LoadUnit> unit;
  std::optional<Arrivals> arrivals;
  double peak_rate = 0;
  bool request_capped = false;  // the profile asked for more than --max-requests
  std::optional<probe::Flow> flow;  // kept for the flow unit
};

struct Engines {
  SystemClock clock;
  SystemLoadClock load_clock;
  std::unique_ptr<probe::ProbeEngine> engine;
};

Result<Duration> DurationFlag(const char* flag, const std::string& text) {
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage(std::string(flag) + ": " + d.status().message());
  return *d;
}

Status CheckUnitChoice(const Options& o) {
  if (!o.flow_file.empty() && !o.replay_file.empty()) return Status::Usage("--flow and --replay: give one of them");
  if (o.flow_file.empty() && o.url.empty())
    return Status::Usage(o.replay_file.empty() ? "give a URL, --flow FILE or --replay FILE with a base URL"
                                               : "--replay: give the base URL the log's paths are sent to");
  return Status::Ok();
}

std::int64_t DefaultInFlight(double peak_rate, Duration timeout) {
  double through_timeout = std::ceil(peak_rate * std::chrono::duration<double>(timeout).count());
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(through_timeout), kMinDefaultInFlight,
                                  kMaxDefaultInFlight);
}

Result<LoadProfile> ProfileOf(const Options& o) {
  std::optional<Duration> duration;
  if (!o.duration.empty()) {
    EVT_ASSIGN_OR_RETURN(duration, DurationFlag("--duration", o.duration));
  } else if (o.profile.empty() || o.profile == "constant") {
    duration = kDefaultDuration;
  }
  return ParseLoadProfile(o.profile, o.rate, duration);
}

Status PlanArrivals(const Options& o, Plan& plan) {
  EVT_ASSIGN_OR_RETURN(LoadProfile profile, ProfileOf(o));
  plan.peak_rate = profile.PeakRate();
  plan.description.profile = o.profile.empty() ? "constant" : o.profile;
  Arrivals uncapped(profile, 0);
  plan.request_capped = o.max_requests > 0 && uncapped.total() > o.max_requests;
  plan.arrivals.emplace(std::move(profile), o.max_requests);
  if (plan.arrivals->total() == 0) return Status::Usage("the profile sends nothing: give --rate above 0");
  return Status::Ok();
}

// Every step's origin, rendered from the flow's own variables (captures
// cannot move a step to another origin: engine/flow/flow_url.h), passes the
// guard before the first buyer starts.
Status GuardFlow(const probe::Flow& flow, TargetGuard& guard, const std::string& file) {
  for (const probe::FlowStep& step : flow.steps) {
    std::string url = step.url.Render([&](const std::string& name) {
      auto it = flow.variables.find(name);
      return it != flow.variables.end() ? it->second : std::string("0");
    });
    Status allowed = guard.Allow(url);
    if (!allowed.ok()) return allowed.Prefixed(file + ": step \"" + step.name + "\"");
  }
  return Status::Ok();
}

Status PlanFlow(const Options& o, TargetGuard& guard, Engines& engines, Plan& plan) {
  EVT_ASSIGN_OR_RETURN(probe::Flow flow, probe::ReadFlowFile(o.flow_file));
  if (!o.url.empty()) flow.variables["base"] = o.url;
  EVT_RETURN_IF_ERROR(GuardFlow(flow, guard, o.flow_file));
  plan.flow = std::move(flow);
  plan.description.unit = "flow";
  plan.description.target = o.flow_file;
  plan.unit = std::make_unique<FlowUnit>(*plan.flow, *engines.engine, engines.clock);
  return Status::Ok();
}

Result<ReplaySchedule> ReadReplay(const Options& o, const LoadSection& section) {
  EVT_ASSIGN_OR_RETURN(ReplayLogOptions log_options, ResolveReplayLogOptions(o, section));
  EVT_ASSIGN_OR_RETURN(ReplayScheduleOptions schedule_options, ResolveReplayScheduleOptions(o));
  EVT_ASSIGN_OR_RETURN(ReplayLog log, ReadReplayLogFile(o.replay_file, log_options));
  if (log.malformed > 0)
    PrintWarning("skipped " + std::to_string(log.malformed) + " malformed line(s) of " + o.replay_file + ", the first: " +
         log.first_error);
  ReplaySchedule schedule = BuildReplaySchedule(std::move(log.requests), schedule_options);
  if (schedule.skipped_unsafe > 0)
    PrintWarning("left out " + std::to_string(schedule.skipped_unsafe) +
         " request(s) with methods other than GET, HEAD and OPTIONS (--allow-unsafe sends them)");
  if (schedule.requests.empty()) return Status::DataErr(o.replay_file + ": no request to replay");
  return schedule;
}

Status PlanReplay(const Options& o, const LoadSection& section, TargetGuard& guard, Engines& engines, Duration timeout,
                  Plan& plan) {
  EVT_ASSIGN_OR_RETURN(ReplaySchedule schedule, ReadReplay(o, section));
  std::vector<double> offsets;
  offsets.reserve(schedule.requests.size());
  for (const ReplayRequest& r : schedule.requests) {
    EVT_RETURN_IF_ERROR(guard.Allow(ReplayUrl(o.url, r.target)));
    offsets.push_back(r.at_s);
  }
  std::vector<std::int64_t> per_second = RequestsPerSecond(schedule.requests);
  plan.peak_rate = per_second.empty() ? 0 : static_cast<double>(*std::max_element(per_second.begin(), per_second.end()));
  plan.request_capped = schedule.over_max_requests > 0;
  plan.arrivals.emplace(std::move(offsets));
  plan.description.unit = "replay";
  plan.description.target = o.replay_file;
  plan.description.profile = "replay at " + o.speed;
  plan.unit = std::make_unique<ReplayUnit>(*engines.engine, std::move(schedule.requests), o.url, o.headers, timeout);
  return Status::Ok();
}

std::int64_t InFlightBound(const Options& o, double peak_rate, Duration timeout) {
  return o.max_in_flight > 0 ? o.max_in_flight : DefaultInFlight(peak_rate, timeout);
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

// Where each closed second goes: stdout records, the live view, the abort rules.
class WindowOutput {
 public:
  WindowOutput(RecordWriter& out, bool records, std::unique_ptr<LiveView> view, AbortRules rules)
      : out_(out), records_(records), view_(std::move(view)), rules_(std::move(rules)) {}

  void Show(const LoadWindow& w) {
    if (records_ && status_.ok()) status_ = out_.Write(WindowRecord(w));
    if (view_) (void)view_->OnWindow(w);
    last_ = w;
  }
  std::string AbortReason(const LoadWindow& w) { return rules_.Observe(w).value_or(""); }
  const Status& status() const { return status_; }
  const LoadWindow& last() const { return last_; }

 private:
  RecordWriter& out_;
  bool records_;
  std::unique_ptr<LiveView> view_;
  AbortRules rules_;
  Status status_;
  LoadWindow last_;
};

// --raw: one load.request record per request, written as they complete.
class RawOutput {
 public:
  Status Open(const std::string& path) {
    if (path.empty()) return Status::Ok();
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) return Status::IoErr("--raw " + path + ": " + std::strerror(errno));
    writer_ = std::make_unique<RecordWriter>(file_, FlushPolicy::kBuffered);
    path_ = path;
    return Status::Ok();
  }
  void Add(const RequestOutcome& o) {
    if (!writer_ || !status_.ok()) return;
    line_.clear();
    status_ = AppendRequestRecord(line_, o);
    if (status_.ok()) status_ = writer_->WriteSerialized(line_);
  }
  Status Close() {
    if (!writer_) return status_;
    if (status_.ok()) status_ = writer_->Flush();
    writer_.reset();
    if (std::fclose(file_) != 0 && status_.ok()) status_ = Status::IoErr("--raw " + path_ + ": " + std::strerror(errno));
    return status_.Prefixed("--raw " + path_);
  }

 private:
  std::FILE* file_ = nullptr;
  std::unique_ptr<RecordWriter> writer_;
  std::string path_;
  std::string line_;
  Status status_;
};

Status WriteSummary(const Options& o, RecordWriter& out, const RunDescription& description, const OpenLoopSummary& s,
                    const LoadWindow& last) {
  EVT_ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(o.format));
  if (format == OutputFormat::kRecords) return out.Write(SummaryRecord(description, s.total));
  std::string text = LoadMetricsText(s.total, last, format);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return Status::IoErr("stdout: write failed");
  return Status::Ok();
}

Status PlanRun(const Options& o, const LoadSection& section, TargetGuard& guard, Engines& engines, Duration timeout,
            Plan& plan) {
  if (!o.replay_file.empty()) return PlanReplay(o, section, guard, engines, timeout, plan);
  EVT_RETURN_IF_ERROR(PlanArrivals(o, plan));
  if (!o.flow_file.empty()) return PlanFlow(o, guard, engines, plan);
  EVT_RETURN_IF_ERROR(guard.Allow(o.url));
  plan.description.unit = "url";
  plan.description.target = o.url;
  plan.unit = std::make_unique<UrlUnit>(*engines.engine, LoadCheck(o.url, o.method, o.headers, timeout));
  return Status::Ok();
}

}  // namespace

Status RunLoad(const Options& o) {
  EVT_RETURN_IF_ERROR(CheckUnitChoice(o));
  EVT_ASSIGN_OR_RETURN(Duration timeout, DurationFlag("--timeout", o.timeout));
  EVT_ASSIGN_OR_RETURN(AbortRules rules, AbortRules::Parse(o.abort_if));
  EVT_ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(o.format));
  EVT_ASSIGN_OR_RETURN(LoadSection section, LoadSectionFor(o.common.config));
  TargetGuard guard(section);
  Engines engines;
  // The engine is made before the plan (units keep a reference to it) with
  // the bound known only after; a ProbeEngine's concurrency is only a cap,
  // so it gets the largest the flags allow and the driver keeps the bound.
  std::int64_t engine_cap = o.max_in_flight > 0 ? o.max_in_flight : kMaxDefaultInFlight;
  engines.engine = std::make_unique<probe::ProbeEngine>(engines.clock, static_cast<std::size_t>(engine_cap));
  Plan plan;
  EVT_RETURN_IF_ERROR(PlanRun(o, section, guard, engines, timeout, plan));
  std::int64_t bound = InFlightBound(o, plan.peak_rate, timeout);

  RawOutput raw;
  EVT_RETURN_IF_ERROR(raw.Open(o.raw_file));
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  std::unique_ptr<LiveView> view;
  if (WantLiveView(o.common, RealTerminalEnv())) view = std::make_unique<LiveView>(stderr, plan.description.target);
  WindowOutput windows(out, format == OutputFormat::kRecords, std::move(view), std::move(rules));

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
  EVT_RETURN_IF_ERROR(WriteSummary(o, out, plan.description, summary, windows.last()));
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
