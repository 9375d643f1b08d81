// What `evt-failover watch` tells the world besides its records, once per
// decision tick (watcher.h): the Prometheus textfile (failover_metrics.h),
// rewritten at most once a second, and the service manager's notify
// protocol (service_notify.h). Run from the decision loop itself, never a
// thread of its own, so a loop that is stuck stops pinging the watchdog and
// systemd restarts it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/site_hold.h"
#include "common/status.h"
#include "tools/failover/failover_store.h"
#include "tools/failover/service_notify.h"
#include "tools/failover/session.h"

namespace evt::failover {

// How often the textfile is rewritten at most.
inline constexpr Duration kTextfileEvery{1000};

class WatchReport {
 public:
  // `textfile` "" writes none. All references must outlive the report;
  // `hold` is the report's own (HoldKeeper is not shared across threads).
  WatchReport(const Session& session, FailoverStore& store, HoldKeeper& hold, ServiceNotifier& notifier,
              const Clock& clock, std::string textfile);

  // Before the loop, once the session has started: the textfile from the
  // restored state, so a path that cannot be written stops watch before it
  // acts on anything.
  Status Begin();
  // After each decision tick. `decided`: every target has been heard from
  // once, so the active path is chosen on probes, not on the start state:
  // READY=1 is sent then, once, and the textfile rewritten at once.
  // STATUS= follows the active path.
  // A textfile that cannot be written is an error the first time (a wrong
  // path shows at start), later a warning: failing over matters more.
  Status AfterTick(bool decided);
  // STOPPING=1: the loop is ending.
  void Stopping();

 private:
  Status WriteTextfile(TimePoint now);
  std::string StatusLine() const;

  const Session& session_;
  FailoverStore& store_;
  HoldKeeper& hold_;
  ServiceNotifier& notifier_;
  const Clock& clock_;
  std::string textfile_;
  std::optional<Duration> watchdog_every_;
  bool ready_ = false;
  bool written_ = false;
  bool warned_ = false;
  std::string status_;
  // The store's switch count when the textfile was first written; the
  // session's own switches are added to it, so the history is read once.
  std::optional<SwitchTally> stored_switches_;
  std::optional<std::chrono::steady_clock::time_point> last_write_;
  std::optional<std::chrono::steady_clock::time_point> last_ping_;
};

}  // namespace evt::failover
