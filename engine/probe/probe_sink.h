// Where the scheduler's results go: records on stdout, a live table on a
// terminal, Prometheus text, or a test's vector.
#pragma once

#include <string>

#include "common/status.h"
#include "engine/probe/probe_result.h"
#include "engine/probe/window_stats.h"

namespace evt::probe {

// Whose window a summary is.
struct WindowIdentity {
  std::string target;
  CheckType type = CheckType::kHttp;
};

class ProbeSink {
 public:
  virtual ~ProbeSink() = default;
  // A failed Status (a write error) stops the run and is what it returns.
  virtual Status OnProbe(const ProbeResult& result) = 0;
  virtual Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) = 0;
  // Before the run waits for results: a sink that buffers its output
  // writes it out here, so a result is never held back while the run
  // waits, and the burst of results one wake-up brings costs one write
  // rather than one each.
  virtual Status BeforeWait() { return Status::Ok(); }
  // After the last result, before the run returns.
  virtual Status OnEnd() { return Status::Ok(); }
};

}  // namespace evt::probe
