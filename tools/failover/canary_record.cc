#include "tools/failover/canary_record.h"

#include <cmath>

namespace evt::failover {
namespace {

// JSON has no NaN or infinity; the judge promises none, and a record must
// stay writable if one slipped through.
double Finite(double x) { return std::isfinite(x) ? x : 0; }

}  // namespace

Value CanaryRecord(const CanaryRun& run, const std::string& event, TimePoint written) {
  Value baseline = Value::array();
  for (const std::string& b : run.baseline) baseline.push_back(b);
  const bool stepped = run.step >= 0 && run.step < static_cast<int>(run.steps.size());
  Value r = Value::object({{"kind", "failover.canary"},
                           {"v", 1},
                           {"ts", FormatRfc3339(written)},
                           {"event", event},
                           {"route", run.route},
                           {"canary", run.canary},
                           {"baseline", std::move(baseline)},
                           {"state", std::string(CanaryStateName(run.state))},
                           {"step", stepped ? run.step + 1 : 0},
                           {"of", static_cast<std::int64_t>(run.steps.size())},
                           {"percent", stepped ? run.steps[run.step] : 0},
                           {"failed_steps", run.failed},
                           {"started", FormatRfc3339(run.started)}});
  if (!run.why.empty()) r.set("reason", run.why);
  return r;
}

Value CanaryMetricsValue(const std::vector<CanaryMetricResult>& metrics) {
  Value out = Value::array();
  for (const CanaryMetricResult& m : metrics)
    out.push_back(Value::object({{"name", m.name},
                                 {"verdict", std::string(CanaryVerdictName(m.verdict))},
                                 {"reason", m.reason},
                                 {"p_value", Finite(m.p_value)},
                                 {"estimate", Finite(m.estimate)},
                                 {"conf_low", Finite(m.conf_low)},
                                 {"conf_high", Finite(m.conf_high)},
                                 {"baseline_n", m.baseline_n},
                                 {"canary_n", m.canary_n}}));
  return out;
}

}  // namespace evt::failover
