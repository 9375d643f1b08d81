// A virtual buyer as a unit of load: each arrival runs the whole flow (add
// to cart, pay, and the `always` cleanup steps) on the shared engine, and
// every step's request is reported as it completes, for per-step
// histograms. Many buyers interleave on one runner (engine/flow/flow_runs.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/clock.h"
#include "engine/flow/flow.h"
#include "engine/flow/flow_runs.h"
#include "tools/load/open_loop.h"
#include "tools/load/target_guard.h"

namespace evt::load {

// The request a finished step sent, as a load outcome: the buyer's first
// request is timed from the arrival's place on the schedule; later ones
// start when the step before them ended, so they are timed from their send.
// A step that failed its expectations on an answered request counts as
// "other" unless its status says 4xx/5xx.
RequestOutcome StepOutcome(const probe::StepResult& step, std::int64_t buyer, bool first, MicroTime intended,
                           MicroTime sent);

class FlowUnit final : public LoadUnit {
 public:
  // `flow`, `runner` and `clock` must outlive the unit.
  FlowUnit(const probe::Flow& flow, probe::ProbeRunner& runner, const Clock& clock);

  void Start(std::int64_t seq, MicroTime intended, MicroTime sent, std::function<void(RequestOutcome)> outcome,
             std::function<void()> finished) override;

  // Buyers with a cleanup (`always`) step that ran and failed: what a
  // load test leaves behind in the shop.
  std::int64_t cleanup_failures() const { return cleanup_failures_; }
  std::int64_t buyers_ok() const { return buyers_ok_; }
  std::int64_t buyers_failed() const { return buyers_failed_; }

 private:
  const probe::Flow& flow_;
  probe::FlowRuns runs_;
  std::int64_t cleanup_failures_ = 0;
  std::int64_t buyers_ok_ = 0;
  std::int64_t buyers_failed_ = 0;
};

}  // namespace evt::load
