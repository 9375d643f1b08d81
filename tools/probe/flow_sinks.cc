#include "tools/probe/flow_sinks.h"

#include <cerrno>
#include <cstring>

#include "common/number_text.h"
#include "tools/probe/flow_record.h"

namespace evt::probe {
namespace {

Status Written(std::FILE* out) {
  if (std::fflush(out) != 0 || std::ferror(out)) return Status::IoErr(std::string("write error: ") + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Status FlowRecordSink::OnFlow(const FlowResult& result) { return writer_.Write(FlowRecord(result)); }

Status FlowRecordSink::OnWindow(const FlowTarget& target, const WindowSummary& summary) {
  return writer_.Write(FlowWindowRecord({target.target, target.flow.name}, summary, clock_.Now()));
}

Status FlowTextSink::OnFlow(const FlowResult& r) {
  std::fprintf(out_, "%s  run %lld  ", r.target.c_str(), static_cast<long long>(r.run));
  if (r.ok) {
    std::fprintf(out_, "ok  %s ms ", ThreeDigitText(r.total_ms).c_str());
    for (const StepResult& s : r.steps)
      if (s.probe) std::fprintf(out_, " %s %s", s.name.c_str(), ThreeDigitText(s.probe->total_ms).c_str());
  } else {
    std::fprintf(out_, "FAIL at %s: %s", r.failed_step.c_str(), r.error.c_str());
    std::string cleanup;
    bool past_failure = false;
    for (const StepResult& s : r.steps) {
      if (past_failure && s.always) cleanup += (cleanup.empty() ? "" : ", ") + s.name + " " + StepOutcomeName(s.outcome);
      past_failure = past_failure || s.name == r.failed_step;
    }
    if (!cleanup.empty()) std::fprintf(out_, "  (cleanup: %s)", cleanup.c_str());
  }
  std::fputc('\n', out_);
  return Written(out_);
}

Status FlowTextSink::OnWindow(const FlowTarget& target, const WindowSummary& s) {
  std::fprintf(out_, "%s  %lld runs, %lld failed, success %s", target.target.c_str(), static_cast<long long>(s.sent),
               static_cast<long long>(s.lost), PercentText(s.sent > 0 ? 1.0 - s.loss : 0.0).c_str());
  if (s.p50_ms && s.p95_ms) {
    std::fprintf(out_, "  p50 %s ms  p95 %s ms", ThreeDigitText(*s.p50_ms).c_str(), ThreeDigitText(*s.p95_ms).c_str());
  }
  std::fputc('\n', out_);
  return Written(out_);
}

Status FlowTeeSink::OnFlow(const FlowResult& result) {
  EVT_RETURN_IF_ERROR(first_.OnFlow(result));
  return second_.OnFlow(result);
}

Status FlowTeeSink::OnWindow(const FlowTarget& target, const WindowSummary& summary) {
  EVT_RETURN_IF_ERROR(first_.OnWindow(target, summary));
  return second_.OnWindow(target, summary);
}

Status FlowTeeSink::OnEnd() {
  EVT_RETURN_IF_ERROR(first_.OnEnd());
  return second_.OnEnd();
}

}  // namespace evt::probe
