// What the scheduler starts attempts on: the probe engine in the tools, a
// fake in tests that finishes them on a ManualClock (ninja's CommandRunner
// and FakeCommandRunner), so the scheduling rules are tested without a
// network or real time.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "engine/probe/check.h"
#include "engine/probe/probe_result.h"

namespace evt::probe {

class ProbeRunner {
 public:
  using Done = std::function<void(ProbeResult)>;

  virtual ~ProbeRunner() = default;

  // Queues one attempt; `done` runs from Poll() with the result. `check`
  // must outlive the attempt.
  virtual void Start(const Check& check, Done done) = 0;

  // Waits at most `max_wait` for attempts to finish, running the `done` of
  // each that did; returns how many.
  virtual std::size_t Poll(std::chrono::milliseconds max_wait) = 0;
};

}  // namespace evt::probe
