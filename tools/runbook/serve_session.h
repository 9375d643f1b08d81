// The heart of `evt-runbook serve`: triggers in (the HTTP endpoints and
// the record input, on their own threads), the dispatcher's decisions out
// as `runbook.decision` records on stdout (one per decision, held-back
// ones included: what serve would have run), and the decisions that run
// handed to the launcher. The site hold is read afresh before every
// decision. One mutex: the dispatcher and its store are used by one
// thread at a time.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/site_hold.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/runbook/alert_trigger.h"
#include "tools/runbook/dispatch_decider.h"
#include "tools/runbook/serve_launcher.h"

namespace evt::runbook {

// The `runbook.decision` record of `decision` made at `at`.
Value DecisionRecord(const Decision& decision, TimePoint at);

class ServeSession {
 public:
  ServeSession(Dispatcher& dispatcher, RunLauncher& launcher, const std::string& state_dir, const Clock& clock,
               std::FILE* out);

  // Offers each trigger; returns once every decision is durable in the
  // store (what the 200 of POST /v1/alertmanager promises).
  Status Offer(const std::vector<Trigger>& triggers);
  // The timer: ended runs reported, due groups and timed-out approvals.
  Status Tick();

 private:
  bool HoldActive();
  Status Act(const std::vector<Decision>& decisions);
  Status Write(const Value& record);

  Dispatcher& dispatcher_;
  RunLauncher& launcher_;
  const Clock& clock_;
  HoldKeeper hold_;
  RecordWriter writer_;
  std::mutex mutex_;
};

}  // namespace evt::runbook
