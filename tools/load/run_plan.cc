#include "tools/load/run_plan.h"

#include <algorithm>
#include <cmath>

#include "common/messages.h"
#include "engine/flow/flow_file.h"
#include "tools/load/flow_unit.h"
#include "tools/load/replay_log.h"
#include "tools/load/replay_options.h"
#include "tools/load/replay_schedule.h"
#include "tools/load/replay_unit.h"
#include "tools/load/url_unit.h"

namespace evt::load {
namespace {

// Without --duration a URL or flow run lasts this long: every run is bounded.
constexpr Duration kDefaultDuration{10000};
// Without --max-in-flight: enough for the rate through a whole timeout, and
// never so few that a short stall turns into slip.
constexpr std::int64_t kMinDefaultInFlight = 64;

Status CheckUnitChoice(const Options& o) {
  if (!o.flow_file.empty() && !o.replay_file.empty()) return Status::Usage("--flow and --replay: give one of them");
  // A replay keeps the log's own timing: a rate or profile would be ignored.
  if (!o.replay_file.empty() && (o.rate > 0 || !o.profile.empty()))
    return Status::Usage("--replay keeps the log's timing: --speed scales it, --rate and --profile do not apply");
  if (o.flow_file.empty() && o.url.empty())
    return Status::Usage(o.replay_file.empty() ? "give a URL, --flow FILE or --replay FILE with a base URL"
                                               : "--replay: give the base URL the log's paths are sent to");
  return Status::Ok();
}

std::int64_t DefaultInFlight(double peak_rate, Duration timeout) {
  double through_timeout = std::ceil(peak_rate * std::chrono::duration<double>(timeout).count());
  return std::clamp<std::int64_t>(static_cast<std::int64_t>(through_timeout), kMinDefaultInFlight,
                                  kMaxInFlight);
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

}  // namespace

Result<Duration> DurationFlag(const char* flag, const std::string& text) {
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) return Status::Usage(std::string(flag) + ": " + d.status().message());
  return *d;
}

Status PlanRun(const Options& o, const LoadSection& section, TargetGuard& guard, Engines& engines, Duration timeout,
               Plan& plan) {
  EVT_RETURN_IF_ERROR(CheckUnitChoice(o));
  if (!o.replay_file.empty()) return PlanReplay(o, section, guard, engines, timeout, plan);
  EVT_RETURN_IF_ERROR(PlanArrivals(o, plan));
  if (!o.flow_file.empty()) return PlanFlow(o, guard, engines, plan);
  EVT_RETURN_IF_ERROR(guard.Allow(o.url));
  plan.description.unit = "url";
  plan.description.target = o.url;
  plan.unit = std::make_unique<UrlUnit>(*engines.engine, LoadCheck(o.url, o.method, o.headers, timeout));
  return Status::Ok();
}

std::int64_t InFlightBound(const Options& o, double peak_rate, Duration timeout) {
  return o.max_in_flight > 0 ? o.max_in_flight : DefaultInFlight(peak_rate, timeout);
}

}  // namespace evt::load
