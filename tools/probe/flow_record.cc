#include "tools/probe/flow_record.h"

#include "tools/probe/probe_record.h"

namespace evt::probe {
namespace {

Value StepValue(const StepResult& s, std::int64_t seq) {
  Value step = Value::object({{"seq", seq},
                              {"step", s.name},
                              {"method", s.method},
                              {"url", s.url},
                              {"always", s.always},
                              {"outcome", StepOutcomeName(s.outcome)}});
  if (!s.error.empty()) step.set("error", s.error);
  if (!s.probe) return step;
  const ProbeResult& r = *s.probe;
  if (r.status) step.set("status", static_cast<std::int64_t>(*r.status));
  step.set("total_ms", RoundMillis(r.total_ms));
  if (r.phases) step.set("phases", PhasesValue(*r.phases, CheckType::kHttp));
  if (!r.remote_ip.empty()) step.set("remote_ip", r.remote_ip);
  step.set("bytes", r.bytes);
  return step;
}

}  // namespace

Value FlowRecord(const FlowResult& r) {
  Value record = Value::object({{"kind", "flow"},
                                {"v", 1},
                                {"ts", FormatRfc3339(r.started)},
                                {"target", r.target},
                                {"flow", r.flow},
                                {"run", r.run},
                                {"ok", r.ok}});
  if (!r.ok) {
    record.set("failed_step", r.failed_step);
    record.set("error", r.error);
  }
  record.set("timed_out", r.timed_out);
  record.set("total_ms", RoundMillis(r.total_ms));
  Value steps = Value::array();
  std::int64_t seq = 0;
  for (const StepResult& s : r.steps) steps.push_back(StepValue(s, ++seq));
  record.set("steps", std::move(steps));
  return record;
}

Value FlowWindowRecord(const FlowWindowIdentity& who, const WindowSummary& s, TimePoint ts) {
  Value record = Value::object({{"kind", "flow.window"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ts)},
                                {"target", who.target},
                                {"flow", who.flow},
                                {"runs", s.sent},
                                {"failed", s.lost},
                                {"success_ratio", s.sent > 0 ? 1.0 - s.loss : 0.0}});
  if (s.p50_ms) record.set("p50_ms", RoundMillis(*s.p50_ms));
  if (s.p95_ms) record.set("p95_ms", RoundMillis(*s.p95_ms));
  if (s.max_ms) record.set("max_ms", RoundMillis(*s.max_ms));
  return record;
}

}  // namespace evt::probe
