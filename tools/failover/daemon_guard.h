// What decide and watch keep while they run besides the decision: their
// heartbeat in the state root, so `force` and `status` know a daemon uses
// the store, and the site-wide hold, which turns their automatic switches
// into switch_failed records naming the hold (the decider retries each
// kSwitchRetry, so the switch happens once the hold ends).
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "tools/failover/actions.h"
#include "tools/failover/cli.h"

namespace evt::failover {

// The daemons' names in the heartbeat table.
inline constexpr const char* kWatchDaemon = "failover watch";
inline constexpr const char* kDecideDaemon = "failover decide";

// A switch nobody asked for: a person's force (and the first choice of a
// daemon with no active path yet) goes ahead during a hold.
bool IsAutomaticSwitch(const ActionContext& context);

// `inner`, except that while `hold` says the site is held an automatic
// switch runs no action and fails with the hold as its error.
// REQUIRES: hold and clock outlive the runner.
HookRunner HoldingHooks(HookRunner inner, HoldKeeper& hold, const Clock& clock);

struct DaemonGuard {
  std::unique_ptr<Heartbeat> heartbeat;
  std::unique_ptr<HoldKeeper> hold;
  HookRunner hooks;
};

// Starts `daemon`'s heartbeat in the state root and wraps RunHook.
Result<DaemonGuard> StartDaemon(const Options& o, const char* daemon, const Clock& clock);

}  // namespace evt::failover
