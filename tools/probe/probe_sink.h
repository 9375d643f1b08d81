// Where the scheduler's results go: records on stdout, a live table on a
// terminal, Prometheus text, or a test's vector.
#pragma once

#include "common/status.h"
#include "tools/probe/probe_record.h"
#include "tools/probe/probe_result.h"
#include "tools/probe/window_stats.h"

namespace evt::probe {

class ProbeSink {
 public:
  virtual ~ProbeSink() = default;
  // A failed Status (a write error) stops the run and is what it returns.
  virtual Status OnProbe(const ProbeResult& result) = 0;
  virtual Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) = 0;
  // After the last result, before the run returns.
  virtual Status OnEnd() { return Status::Ok(); }
};

}  // namespace evt::probe
