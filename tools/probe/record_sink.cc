#include "tools/probe/record_sink.h"

#include "tools/probe/probe_record.h"

namespace evt::probe {

Status RecordSink::OnProbe(const ProbeResult& result) {
  Value record = ProbeRecord(result, clock_.Now());
  if (!origin_.empty()) record.set("origin", origin_);
  return writer_.Write(record);
}

Status RecordSink::OnWindow(const WindowIdentity& who, const WindowSummary& summary) {
  return writer_.Write(WindowRecord(who, summary, clock_.Now()));
}

Status TeeSink::OnProbe(const ProbeResult& result) {
  EVT_RETURN_IF_ERROR(first_.OnProbe(result));
  return second_.OnProbe(result);
}

Status TeeSink::OnWindow(const WindowIdentity& who, const WindowSummary& summary) {
  EVT_RETURN_IF_ERROR(first_.OnWindow(who, summary));
  return second_.OnWindow(who, summary);
}

Status TeeSink::BeforeWait() {
  EVT_RETURN_IF_ERROR(first_.BeforeWait());
  return second_.BeforeWait();
}

Status TeeSink::OnEnd() {
  EVT_RETURN_IF_ERROR(first_.OnEnd());
  return second_.OnEnd();
}

}  // namespace evt::probe
