// JudgeCanaryStep (canary_judge.h): each metric's test, then the weighted
// score (doc/design.md §19).
#include "tools/failover/canary_judge.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "common/count_test.h"
#include "common/number_text.h"
#include "common/rank_sum_test.h"

namespace evt::failover {

namespace {

template <class... Args>
std::string Text(const char* format, Args... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

// A shift with its sign, "+1.5" or "-0.3"; one that rounds to zero is "+0.0".
std::string Signed(double value, int decimals) {
  std::string text = FixedText(value, decimals);
  return text[0] == '-' ? text : "+" + text;
}

// Below min_samples on either side no test result counts: with a handful of
// requests a real regression and noise look alike, and the step must not
// promote on what nobody exercised.
bool TooFewSamples(const CanaryMetricSpec& spec, CanaryMetricResult& r, const char* what) {
  if (r.canary_n >= spec.min_samples && r.baseline_n >= spec.min_samples) return false;
  r.verdict = CanaryVerdict::kInconclusive;
  r.reason = Text("%lld canary and %lld baseline %s, fewer than %d on a side", static_cast<long long>(r.canary_n),
                  static_cast<long long>(r.baseline_n), what, spec.min_samples);
  return true;
}

// Where a side's latencies hold a value no test can rank: its reason.
std::string NonFiniteLatency(const std::vector<double>& latency_ms, const char* side) {
  for (std::size_t i = 0; i < latency_ms.size(); ++i) {
    if (!std::isfinite(latency_ms[i])) return Text("%s latency sample %zu is not a finite number", side, i);
  }
  return "";
}

CanaryMetricResult JudgeLatency(const CanaryMetricSpec& spec, const CanaryMetricSamples& baseline,
                                const CanaryMetricSamples& canary) {
  CanaryMetricResult r;
  r.name = spec.name;
  r.baseline_n = static_cast<std::int64_t>(baseline.latency_ms.size());
  r.canary_n = static_cast<std::int64_t>(canary.latency_ms.size());
  if (TooFewSamples(spec, r, "samples")) return r;
  r.reason = NonFiniteLatency(canary.latency_ms, "canary") + NonFiniteLatency(baseline.latency_ms, "baseline");
  if (!r.reason.empty()) return r;
  Result<RankSumResult> test = RankSumTest(canary.latency_ms, baseline.latency_ms, 1 - spec.alpha);
  if (!test.ok()) {
    r.reason = test.status().message();
    return r;
  }
  r.p_value = test->p_value;
  r.estimate = test->estimate;
  r.conf_low = test->conf_low;
  r.conf_high = test->conf_high;
  // Significant and slower by more than the tolerance: a faster canary, or
  // a real but small slowdown, passes.
  const bool significant = r.p_value < spec.alpha;
  const bool slower = r.estimate > spec.tolerance;
  r.verdict = significant && slower ? CanaryVerdict::kFail : CanaryVerdict::kPass;
  r.reason = "p=" + SignificantText(r.p_value, 3) + ", shift " + Signed(r.estimate, 1) + " ms [" +
             FixedText(r.conf_low, 1) + ", " + FixedText(r.conf_high, 1) + "] " +
             (!significant ? "not significant" : (slower ? ">" : "<="));
  if (significant) r.reason += " " + ShortestText(spec.tolerance) + " ms";
  if (test->method == RankSumMethod::kConstantSamples) r.reason += " (each side a single value)";
  return r;
}

CanaryMetricResult JudgeErrors(const CanaryMetricSpec& spec, const CanaryMetricSamples& baseline,
                               const CanaryMetricSamples& canary) {
  CanaryMetricResult r;
  r.name = spec.name;
  r.baseline_n = baseline.requests;
  r.canary_n = canary.requests;
  if (TooFewSamples(spec, r, "requests")) return r;
  Result<CountTestResult> test =
      CountTest(canary.errors, canary.requests, baseline.errors, baseline.requests, 1 - spec.alpha);
  if (!test.ok()) {
    r.reason = test.status().message();
    return r;
  }
  r.p_value = test->p_value;
  r.estimate = test->difference.estimate;
  r.conf_low = test->difference.conf_low;
  r.conf_high = test->difference.conf_high;
  const bool significant = r.p_value < spec.alpha;
  const bool worse = r.estimate > spec.tolerance;
  r.verdict = significant && worse ? CanaryVerdict::kFail : CanaryVerdict::kPass;
  r.reason = "p=" + SignificantText(r.p_value, 3) + ", errors " + std::to_string(canary.errors) + "/" +
             std::to_string(canary.requests) + " vs " + std::to_string(baseline.errors) + "/" +
             std::to_string(baseline.requests) + ", " + Signed(100 * r.estimate, 2) + " % [" +
             FixedText(100 * r.conf_low, 2) + ", " + FixedText(100 * r.conf_high, 2) + "] " +
             (!significant ? "not significant" : (worse ? ">" : "<="));
  if (significant) r.reason += " " + SignificantText(100 * spec.tolerance, 12) + " %";
  return r;
}

// The verdict from the metrics': a failing critical metric fails the step
// whatever the score; metrics without a verdict take no part in the score,
// and a step where none has one is inconclusive (never a pass).
void ScoreStep(const CanaryJudgeSpec& spec, CanaryJudgement& j) {
  double decided = 0;
  double passed = 0;
  bool critical_failed = false;
  bool critical_unjudged = false;
  for (std::size_t i = 0; i < j.metrics.size(); ++i) {
    const CanaryVerdict v = j.metrics[i].verdict;
    if (v == CanaryVerdict::kInconclusive) {
      critical_unjudged = critical_unjudged || spec.metrics[i].critical;
      continue;
    }
    decided += spec.metrics[i].weight;
    if (v == CanaryVerdict::kPass) passed += spec.metrics[i].weight;
    if (v == CanaryVerdict::kFail && spec.metrics[i].critical) critical_failed = true;
  }
  if (decided == 0) {
    j.verdict = CanaryVerdict::kInconclusive;
    return;
  }
  j.score = 100 * passed / decided;
  // A critical metric too thin to judge holds the step even when the others
  // pass: the errors of a build nobody exercised are unknown, not zero.
  if (critical_unjudged && !critical_failed) {
    j.verdict = CanaryVerdict::kInconclusive;
    return;
  }
  if (critical_failed || j.score < spec.marginal_score) {
    j.verdict = CanaryVerdict::kFail;
  } else {
    j.verdict = j.score >= spec.pass_score ? CanaryVerdict::kPass : CanaryVerdict::kMarginal;
  }
}

}  // namespace

std::string_view CanaryVerdictName(CanaryVerdict verdict) {
  switch (verdict) {
    case CanaryVerdict::kPass: return "pass";
    case CanaryVerdict::kMarginal: return "marginal";
    case CanaryVerdict::kFail: return "fail";
    case CanaryVerdict::kInconclusive: return "inconclusive";
  }
  return "inconclusive";
}

CanaryJudgement JudgeCanaryStep(const CanaryJudgeSpec& spec, const std::vector<CanaryMetricSamples>& baseline,
                                const std::vector<CanaryMetricSamples>& canary) {
  static const CanaryMetricSamples kNone;
  CanaryJudgement j;
  for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
    // A side with no entry for a metric has no samples of it.
    const CanaryMetricSamples& b = i < baseline.size() ? baseline[i] : kNone;
    const CanaryMetricSamples& c = i < canary.size() ? canary[i] : kNone;
    const CanaryMetricSpec& m = spec.metrics[i];
    j.metrics.push_back(m.kind == CanaryMetricKind::kLatency ? JudgeLatency(m, b, c) : JudgeErrors(m, b, c));
  }
  ScoreStep(spec, j);
  return j;
}

}  // namespace evt::failover
