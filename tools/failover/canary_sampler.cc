// The canary's samples (doc/design.md §19): synthetic requests to both
// sides through the shared probe engine, and the proxy's own count of the
// real traffic each side answered during the step.
#include "tools/failover/canary_sampler.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <optional>

#include "common/messages.h"
#include "common/process_state.h"
#include "engine/probe/probe_engine.h"

namespace evt::failover {
namespace {

constexpr int kSides = 2;  // 0 baseline, 1 canary

// Enough that a side answering at its timeout never holds a due request in
// the engine's queue (the pace would slip): rate × timeout in flight per
// side, 50/s at 2 s being 100. Capped well under the usual limit of 1024
// descriptors, as each holds a socket.
std::size_t InFlightBound(const CanarySampleSpec& spec) {
  const double per_side = std::ceil(spec.rate_per_second * std::chrono::duration<double>(spec.timeout).count());
  return static_cast<std::size_t>(std::clamp(kSides * per_side, 16.0, 512.0));
}

struct SideTally {
  std::vector<double> latency_ms;
  std::int64_t requests = 0;
  std::int64_t errors = 0;
  std::int64_t real_requests = 0;
  std::int64_t real_errors = 0;
};

Status Interrupted() {
  return Status::WithCode(StopSignal() == SIGTERM ? ExitCode::kTerminated : ExitCode::kInterrupted,
                          "canary samples: interrupted");
}

class RealCanarySampler final : public CanarySampler {
 public:
  RealCanarySampler(CanarySampleSpec spec, CanaryJudgeSpec judge, std::vector<probe::ConfigTarget> targets,
                    CanarySamplerSeams seams)
      : spec_(spec), judge_(std::move(judge)), targets_(std::move(targets)), seams_(std::move(seams)) {}

  Result<CanaryStepSamples> Collect(const CanarySide& baseline, const CanarySide& canary, const std::string& backend,
                                    SteeringDriver& driver, Duration window) override {
    if (baseline.member == nullptr || canary.member == nullptr)
      return Status::Internal("canary samples: a side without a member");
    const RouteMember* members[kSides] = {baseline.member, canary.member};
    std::vector<probe::Check> checks[kSides];
    if (spec_.requests > 0) {
      for (int side = 0; side < kSides; ++side) {
        EVT_ASSIGN_OR_RETURN(checks[side], SyntheticChecks(*members[side], targets_, spec_));
      }
    }
    std::unique_ptr<ServerCounters> counters = RealTrafficCounters(driver);
    std::optional<BackendCounts> before;
    if (counters) {
      EVT_ASSIGN_OR_RETURN(before, counters->ReadServerCounters(backend));
    }

    const auto started = seams_.clock->Monotonic();
    SideTally tally[kSides];
    EVT_RETURN_IF_ERROR(SendSynthetic(checks, started, tally));
    EVT_RETURN_IF_ERROR(WaitUntil(started + window));
    if (counters) {
      EVT_ASSIGN_OR_RETURN(BackendCounts after, counters->ReadServerCounters(backend));
      const BackendCounts during = CountsBetween(*before, after);
      for (int side = 0; side < kSides; ++side) AddRealTraffic(during, members[side]->name, tally[side]);
    }
    return CanaryStepSamples{SamplesOf(tally[0]), SamplesOf(tally[1])};
  }

 private:
  std::unique_ptr<ServerCounters> RealTrafficCounters(SteeringDriver& driver) {
    if (!spec_.real_traffic) return nullptr;
    std::unique_ptr<ServerCounters> counters = seams_.counters ? seams_.counters(driver) : nullptr;
    if (counters == nullptr) Note("real traffic not counted: " + driver.Name() + " keeps no per-server counters");
    return counters;
  }

  // Open loop, both sides at once: request k of each side is due at
  // k / rate from the start, whatever the earlier ones are still doing, so
  // a slow side does not slow its own sampling. Which side goes first
  // alternates, so neither always meets a shared link or CPU first.
  Status SendSynthetic(const std::vector<probe::Check> (&checks)[kSides],
                       std::chrono::steady_clock::time_point started, SideTally (&tally)[kSides]) {
    const auto due = [&](int k) {
      return started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(k / spec_.rate_per_second));
    };
    int sent = 0;
    int pending = 0;
    bool stopping = false;
    // A stop sends nothing more but waits for what is in flight (each ends
    // by its timeout): their callbacks point into this frame.
    while ((!stopping && sent < spec_.requests) || pending > 0) {
      stopping = stopping || StopRequested();
      const auto now = seams_.clock->Monotonic();
      for (; !stopping && sent < spec_.requests && due(sent) <= now; ++sent) {
        for (int order = 0; order < kSides; ++order) {
          const int side = sent % 2 == 0 ? order : kSides - 1 - order;
          const probe::Check& check = checks[side][static_cast<std::size_t>(sent) % checks[side].size()];
          ++pending;
          seams_.runner->Start(check, [this, &tally, &pending, side](probe::ProbeResult result) {
            Count(result, tally[side]);
            --pending;
          });
        }
      }
      const bool more = !stopping && sent < spec_.requests;
      const auto wait = more ? due(sent) - now : std::chrono::steady_clock::duration(kIdlePoll);
      seams_.runner->Poll(std::chrono::ceil<std::chrono::milliseconds>(wait));
    }
    return stopping ? Interrupted() : Status::Ok();
  }

  void Count(const probe::ProbeResult& result, SideTally& tally) const {
    ++tally.requests;
    if (IsSampleError(result, spec_.error_status)) ++tally.errors;
    // A refused connection answers in no time and a timeout in exactly the
    // timeout: neither says how fast the build serves, so only responses
    // give latency samples.
    if (result.status) tally.latency_ms.push_back(result.total_ms);
  }

  Status WaitUntil(std::chrono::steady_clock::time_point end) {
    for (auto now = seams_.clock->Monotonic(); now < end; now = seams_.clock->Monotonic()) {
      if (StopRequested()) return Interrupted();
      seams_.runner->Poll(std::chrono::ceil<std::chrono::milliseconds>(end - now));
    }
    return Status::Ok();
  }

  static void AddRealTraffic(const BackendCounts& during, const std::string& server, SideTally& tally) {
    const auto it = during.find(server);
    if (it == during.end()) return;
    tally.real_requests += static_cast<std::int64_t>(it->second.requests);
    tally.real_errors += static_cast<std::int64_t>(it->second.server_errors);
  }

  // One entry per judge metric: latency metrics get the synthetic
  // responses' times; error ratios the synthetic and real counts together.
  std::vector<CanaryMetricSamples> SamplesOf(const SideTally& tally) const {
    std::vector<CanaryMetricSamples> out;
    for (const CanaryMetricSpec& metric : judge_.metrics) {
      CanaryMetricSamples samples;
      samples.requests = tally.requests;
      samples.errors = tally.errors;
      if (metric.kind == CanaryMetricKind::kLatency) {
        samples.latency_ms = tally.latency_ms;
      } else {
        samples.requests += tally.real_requests;
        samples.errors += tally.real_errors;
      }
      out.push_back(std::move(samples));
    }
    return out;
  }

  void Note(const std::string& text) {
    if (noted_) return;
    noted_ = true;
    if (seams_.note) seams_.note(text);
  }

  static constexpr std::chrono::milliseconds kIdlePoll{100};
  CanarySampleSpec spec_;
  CanaryJudgeSpec judge_;
  std::vector<probe::ConfigTarget> targets_;
  CanarySamplerSeams seams_;
  bool noted_ = false;
};

}  // namespace

Result<CanarySampleSpec> ReadCanarySampleSpec(const ConfigObject& samples) {
  CanarySampleSpec spec;
  EVT_ASSIGN_OR_RETURN(std::int64_t requests, samples.Int("requests", spec.requests));
  if (requests < 0 || requests > 100000)
    return samples.Error("requests", "expected 0 to 100000 requests per side per step, got " + std::to_string(requests));
  spec.requests = static_cast<int>(requests);
  EVT_ASSIGN_OR_RETURN(std::optional<std::string> rate, samples.OptionalString("rate"));
  if (rate) {
    Result<double> per_second = ParseRatePerSecond(*rate);
    if (!per_second.ok()) return samples.Error("rate", per_second.status().message());
    spec.rate_per_second = *per_second;
  }
  EVT_ASSIGN_OR_RETURN(spec.timeout, samples.Duration("timeout", spec.timeout));
  if (spec.timeout <= Duration::zero()) return samples.Error("timeout", "expected a duration above 0");
  EVT_ASSIGN_OR_RETURN(std::int64_t error_status, samples.Int("error_status", spec.error_status));
  if (error_status < 100 || error_status > 599)
    return samples.Error("error_status", "expected an HTTP status 100 to 599, got " + std::to_string(error_status));
  spec.error_status = static_cast<int>(error_status);
  EVT_ASSIGN_OR_RETURN(spec.real_traffic, samples.Bool("real_traffic", spec.real_traffic));
  EVT_RETURN_IF_ERROR(samples.Finish());
  return spec;
}

Result<std::vector<probe::Check>> SyntheticChecks(const RouteMember& member,
                                                  const std::vector<probe::ConfigTarget>& targets,
                                                  const CanarySampleSpec& spec) {
  std::vector<probe::Check> checks;
  for (const std::string& name : member.targets)
    for (const probe::ConfigTarget& target : targets)
      if (target.name == name && target.check == "http" && !target.probes.empty()) {
        probe::Check check = target.probes.front().check;
        check.timeout = spec.timeout;
        check.http.expect = probe::HttpExpectations{};
        check.http.expect.status = {{100, 599}};
        checks.push_back(std::move(check));
      }
  if (checks.empty()) {
    std::string named;
    for (const std::string& t : member.targets) named += (named.empty() ? "" : ", ") + t;
    return Status::Config("canary samples: member \"" + member.name + "\" has no `check: http` probe target (" +
                          (named.empty() ? "it names none" : "it names " + named) +
                          "): synthetic requests need its URL; give it one, or set samples.requests to 0");
  }
  return checks;
}

bool IsSampleError(const probe::ProbeResult& result, int error_status) {
  return !result.status || *result.status >= error_status;
}

Result<std::unique_ptr<CanarySampler>> MakeCanarySamplerWith(const CanarySampleSpec& spec,
                                                             const CanaryJudgeSpec& judge,
                                                             const std::vector<probe::ConfigTarget>& targets,
                                                             CanarySamplerSeams seams) {
  if (seams.clock == nullptr || seams.runner == nullptr)
    return Status::Internal("canary samples: a sampler needs a clock and a probe runner");
  if (!(spec.rate_per_second > 0)) return Status::Config("canary samples: rate must be above 0 per second");
  std::unique_ptr<CanarySampler> sampler =
      std::make_unique<RealCanarySampler>(spec, judge, targets, std::move(seams));
  return sampler;
}

Result<std::unique_ptr<CanarySampler>> MakeCanarySampler(const CanarySampleSpec& spec, const CanaryJudgeSpec& judge,
                                                         const std::vector<probe::ConfigTarget>& targets) {
  static const SystemClock clock;
  CanarySamplerSeams seams;
  seams.clock = &clock;
  seams.runner = std::make_unique<probe::ProbeEngine>(clock, InFlightBound(spec));
  seams.note = [](std::string_view text) { PrintWarning(text); };
  return MakeCanarySamplerWith(spec, judge, targets, std::move(seams));
}

}  // namespace evt::failover
