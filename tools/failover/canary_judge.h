// The canary judge (doc/design.md §19): per step, canary against baseline,
// one verdict per metric and a weighted score, in the manner of Kayenta's
// NetflixACAJudge. Latency is compared with a Mann–Whitney U test and its
// Hodges–Lehmann shift (R's wilcox.test); error ratios with a count test.
// Too few samples for a metric is inconclusive, never a pass: a quiet
// pop-up must not promote a build nobody exercised.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config_object.h"
#include "common/status.h"

namespace evt::failover {

enum class CanaryMetricKind { kLatency, kErrorRatio };

// One metric of `failover.canary.judge.metrics`.
struct CanaryMetricSpec {
  std::string name;  // "latency", "errors"
  CanaryMetricKind kind = CanaryMetricKind::kLatency;
  double weight = 1;
  bool critical = false;   // a failing critical metric fails the step whatever the score
  int min_samples = 20;    // per side; below it the metric is inconclusive
  // How much worse the canary may be before the metric fails when the
  // test also says the difference is real: milliseconds of Hodges–Lehmann
  // shift for latency, an absolute error-ratio increase for errors.
  double tolerance = 0;
  double alpha = 0.05;     // two-sided significance level
};

struct CanaryJudgeSpec {
  std::vector<CanaryMetricSpec> metrics;
  double pass_score = 95;      // score at or above: pass
  double marginal_score = 75;  // at or above (and below pass): marginal
};

// `failover.canary.judge`, read strictly (every error names the file and
// the JSON pointer, exit 78).
Result<CanaryJudgeSpec> ReadCanaryJudgeSpec(const ConfigObject& judge);

// The samples of one side of one metric: latency values in milliseconds,
// or a count of requests and of errors among them.
struct CanaryMetricSamples {
  std::vector<double> latency_ms;
  std::int64_t requests = 0;
  std::int64_t errors = 0;
};

enum class CanaryVerdict { kPass, kMarginal, kFail, kInconclusive };
std::string_view CanaryVerdictName(CanaryVerdict verdict);  // "pass", "marginal", "fail", "inconclusive"

struct CanaryMetricResult {
  std::string name;
  CanaryVerdict verdict = CanaryVerdict::kInconclusive;
  std::string reason;        // one line a person reads: "p=0.0003, shift +48.2 ms [41.0, 55.9] > 10 ms"
  double p_value = 1;        // NaN-free: the documented rule decides where R says NA
  double estimate = 0;       // Hodges–Lehmann shift (canary − baseline, ms) or ratio difference
  double conf_low = 0;
  double conf_high = 0;
  std::int64_t baseline_n = 0;
  std::int64_t canary_n = 0;
};

struct CanaryJudgement {
  CanaryVerdict verdict = CanaryVerdict::kInconclusive;
  double score = 0;  // 0–100, weighted over the metrics that reached a verdict
  std::vector<CanaryMetricResult> metrics;
};

// `baseline` and `canary` hold one entry per spec.metrics, in its order.
CanaryJudgement JudgeCanaryStep(const CanaryJudgeSpec& spec, const std::vector<CanaryMetricSamples>& baseline,
                                const std::vector<CanaryMetricSamples>& canary);

}  // namespace evt::failover
