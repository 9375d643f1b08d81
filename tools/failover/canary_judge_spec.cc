// ReadCanaryJudgeSpec (canary_judge.h): `failover.canary.judge`, strictly.
#include <cmath>
#include <string>
#include <vector>

#include "common/canonical_json.h"
#include "tools/failover/canary_judge.h"

namespace evt::failover {

namespace {

Result<CanaryMetricKind> ReadKind(const ConfigObject& o) {
  EVT_ASSIGN_OR_RETURN(std::string kind, o.String("kind"));
  if (kind == "latency") return CanaryMetricKind::kLatency;
  if (kind == "errors") return CanaryMetricKind::kErrorRatio;
  return o.Error("kind", "expected \"latency\" (milliseconds, rank-sum test) or \"errors\" (error ratio, "
                         "Fisher's test), got \"" + kind + "\"");
}

// The tolerance's unit follows the kind: milliseconds of shift, or an
// absolute error-ratio increase (a ratio, so 0.5 % is 0.005, never 0.5).
Result<double> ReadTolerance(const ConfigObject& o, CanaryMetricKind kind) {
  if (kind == CanaryMetricKind::kErrorRatio) return o.Ratio("tolerance", 0);
  EVT_ASSIGN_OR_RETURN(double ms, o.Number("tolerance", 0));
  if (!(ms >= 0) || !std::isfinite(ms)) {
    return o.Error("tolerance", "expected milliseconds of latency shift >= 0, got " + EcmaScriptNumber(ms));
  }
  return ms;
}

Result<CanaryMetricSpec> ReadMetric(const ConfigObject& o) {
  CanaryMetricSpec m;
  EVT_ASSIGN_OR_RETURN(m.name, o.String("name"));
  if (m.name.empty()) return o.Error("name", "expected a non-empty name");
  EVT_ASSIGN_OR_RETURN(m.kind, ReadKind(o));
  EVT_ASSIGN_OR_RETURN(m.weight, o.Number("weight", 1));
  if (!(m.weight > 0) || !std::isfinite(m.weight)) {
    return o.Error("weight", "expected a weight > 0, got " + EcmaScriptNumber(m.weight));
  }
  EVT_ASSIGN_OR_RETURN(m.critical, o.Bool("critical", false));
  EVT_ASSIGN_OR_RETURN(std::int64_t min_samples, o.Int("min_samples", 20));
  // Fewer than 2 per side leaves no test that could ever reject.
  if (min_samples < 2 || min_samples > 1'000'000'000) {
    return o.Error("min_samples", "expected 2 to 1000000000 samples per side, got " + std::to_string(min_samples));
  }
  m.min_samples = static_cast<int>(min_samples);
  EVT_ASSIGN_OR_RETURN(m.tolerance, ReadTolerance(o, m.kind));
  EVT_ASSIGN_OR_RETURN(m.alpha, o.Ratio("alpha", 0.05));
  if (m.alpha <= 0 || m.alpha >= 1) {
    return o.Error("alpha", "expected a significance level strictly between 0 and 1, such as 0.05");
  }
  return m;
}

Result<double> ReadScore(const ConfigObject& judge, std::string_view key, double fallback) {
  EVT_ASSIGN_OR_RETURN(double score, judge.Number(key, fallback));
  if (!(score >= 0 && score <= 100)) {
    return judge.Error(key, "expected a score from 0 to 100, got " + EcmaScriptNumber(score));
  }
  return score;
}

}  // namespace

Result<CanaryJudgeSpec> ReadCanaryJudgeSpec(const ConfigObject& judge) {
  CanaryJudgeSpec spec;
  EVT_ASSIGN_OR_RETURN(std::vector<ConfigObject> metrics, judge.ObjectArray("metrics"));
  if (metrics.empty()) return judge.Error("metrics", "expected at least one metric");
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    EVT_ASSIGN_OR_RETURN(CanaryMetricSpec m, ReadMetric(metrics[i]));
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.metrics[j].name == m.name) {
        return metrics[i].Error("name", "duplicate metric name \"" + m.name + "\" (also " + metrics[j].pointer() +
                                            "/name)");
      }
    }
    spec.metrics.push_back(std::move(m));
  }
  EVT_ASSIGN_OR_RETURN(spec.pass_score, ReadScore(judge, "pass", spec.pass_score));
  EVT_ASSIGN_OR_RETURN(spec.marginal_score, ReadScore(judge, "marginal", spec.marginal_score));
  if (spec.marginal_score > spec.pass_score) {
    return judge.Error("marginal", "expected at most pass (" + EcmaScriptNumber(spec.pass_score) + "), got " +
                                       EcmaScriptNumber(spec.marginal_score));
  }
  EVT_RETURN_IF_ERROR(judge.Finish());
  return spec;
}

}  // namespace evt::failover
