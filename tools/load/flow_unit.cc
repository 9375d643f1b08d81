#include "tools/load/flow_unit.h"

#include <chrono>
#include <memory>

#include "tools/load/url_unit.h"

namespace evt::load {
namespace {

MicroTime ToMicro(TimePoint t) { return std::chrono::time_point_cast<std::chrono::microseconds>(t); }

}  // namespace

RequestOutcome StepOutcome(const probe::StepResult& step, std::int64_t buyer, bool first, MicroTime intended,
                           MicroTime sent) {
  const probe::ProbeResult& result = *step.probe;
  probe::Check sent_check;
  sent_check.http.method = step.method;
  sent_check.http.url = step.url;
  MicroTime step_sent = first ? sent : ToMicro(result.started);
  RequestOutcome o = OutcomeFromResult(result, sent_check, 0, first ? intended : step_sent, step_sent);
  o.step = step.name;
  o.buyer = buyer;
  if (step.outcome == probe::StepOutcome::kFailed) {
    if (o.error.empty()) o.error = step.error;
    if (o.error_class == ErrorClass::kNone) o.error_class = ErrorClass::kOther;
  }
  return o;
}

FlowUnit::FlowUnit(const probe::Flow& flow, probe::ProbeRunner& runner, const Clock& clock)
    : flow_(flow), runs_(runner, clock) {}

void FlowUnit::Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
                     std::function<void()> finished) {
  auto first = std::make_shared<bool>(true);
  auto on_step = [seq, intended, sent, first, outcome](const probe::FlowResult&, const probe::StepResult& step) {
    if (!step.probe) return;  // skipped: nothing was sent
    RequestOutcome o = StepOutcome(step, seq, *first, intended, sent);
    o.seq = seq;
    *first = false;
    outcome(std::move(o));
  };
  auto done = [this, finished = std::move(finished)](probe::FlowResult result) {
    (result.ok ? buyers_ok_ : buyers_failed_)++;
    for (const probe::StepResult& step : result.steps) {
      // A skipped cleanup had nothing to undo (the cart was never opened).
      if (step.always && step.outcome == probe::StepOutcome::kFailed) {
        ++cleanup_failures_;
        break;
      }
    }
    finished();
  };
  runs_.Start(flow_, flow_.name, seq, std::move(done), std::move(on_step));
}

}  // namespace evt::load
