// The service manager's notify protocol (sd_notify(3)) for `evt-failover
// watch` as a systemd Type=notify unit: READY=1 once it has decided,
// WATCHDOG=1 from the decision loop, STATUS= the active path, STOPPING=1.
// Behind an interface so the watch loop's use of it is tested without
// systemd; SystemdNotifier is libsystemd's, which knows $NOTIFY_SOCKET's
// rules (abstract sockets, absolute paths) and $WATCHDOG_PID's.
#pragma once

#include <optional>
#include <string>

#include "common/duration.h"

namespace evt::failover {

class ServiceNotifier {
 public:
  virtual ~ServiceNotifier() = default;
  // One notification, e.g. "READY=1\nSTATUS=active: primary".
  virtual void Notify(const std::string& state) = 0;
  // How often to send WATCHDOG=1: half the manager's WatchdogSec, as
  // sd_watchdog_enabled(3) advises; nullopt when no watchdog is asked of
  // this process.
  virtual std::optional<Duration> WatchdogEvery() const = 0;
};

// The real one: a no-op outside systemd (no $NOTIFY_SOCKET). The
// environment is left as it is, so the actions watch runs inherit it, and
// evt-failover refuses to run inside its own actions (command_context.h).
class SystemdNotifier final : public ServiceNotifier {
 public:
  void Notify(const std::string& state) override;
  std::optional<Duration> WatchdogEvery() const override;

 private:
  bool warned_ = false;
};

}  // namespace evt::failover
