#include "tools/failover/canary_config.h"

#include <cmath>

#include "tools/failover/canary_plan.h"

namespace evt::failover {
namespace {

constexpr Duration kLongestInterval = std::chrono::hours(24);

Result<std::vector<int>> ReadSteps(const ConfigObject& canary, const std::vector<int>& fallback) {
  if (!canary.Has("steps")) return fallback;
  EVT_ASSIGN_OR_RETURN(std::vector<double> numbers, canary.NumberArray("steps"));
  std::vector<int> steps;
  for (double n : numbers) {
    if (n != std::floor(n) || n < 1 || n > 100)
      return canary.Error("steps", "expected whole percentages 1 to 100, got " + std::to_string(n));
    steps.push_back(static_cast<int>(n));
  }
  return CanarySteps(std::move(steps), canary.Where("steps"), ExitCode::kConfig);
}

Result<int> Bounded(const ConfigObject& o, std::string_view key, int fallback, int low, int high) {
  EVT_ASSIGN_OR_RETURN(std::int64_t v, o.Int(key, fallback));
  if (v < low || v > high)
    return o.Error(key, "expected " + std::to_string(low) + " to " + std::to_string(high) + ", got " + std::to_string(v));
  return static_cast<int>(v);
}

}  // namespace

Result<std::optional<CanarySpec>> ReadCanarySection(const ConfigObject& failover) {
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> canary, failover.OptionalObject("canary"));
  if (!canary) return std::optional<CanarySpec>();
  CanarySpec spec;
  EVT_ASSIGN_OR_RETURN(spec.steps, ReadSteps(*canary, spec.steps));
  EVT_ASSIGN_OR_RETURN(spec.interval, canary->Duration("interval", spec.interval));
  if (spec.interval <= Duration::zero() || spec.interval > kLongestInterval)
    return canary->Error("interval", "expected more than 0s and at most 1d");
  EVT_ASSIGN_OR_RETURN(spec.failed_steps, Bounded(*canary, "failed_steps", spec.failed_steps, 1, 100));
  EVT_ASSIGN_OR_RETURN(spec.recollect, Bounded(*canary, "recollect", spec.recollect, 0, 100));
  EVT_ASSIGN_OR_RETURN(ConfigObject judge, canary->Object("judge"));
  EVT_ASSIGN_OR_RETURN(spec.judge, ReadCanaryJudgeSpec(judge));
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> samples, canary->OptionalObject("samples"));
  if (samples) {
    EVT_ASSIGN_OR_RETURN(spec.samples, ReadCanarySampleSpec(*samples));
  }
  EVT_ASSIGN_OR_RETURN(std::optional<ConfigObject> hooks, canary->OptionalObject("hooks"));
  if (hooks) {
    EVT_ASSIGN_OR_RETURN(spec.hooks, ReadCanaryHooksSpec(*hooks));
  }
  return std::optional(std::move(spec));
}

}  // namespace evt::failover
