#include "tools/failover/service_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstring>

#include "common/messages.h"

namespace evt::failover {

void SystemdNotifier::Notify(const std::string& state) {
  // A manager that cannot be told is no reason to stop failing over: it
  // restarts us if it wanted the message.
  const int r = sd_notify(0, state.c_str());
  if (r >= 0 || warned_) return;
  warned_ = true;
  PrintWarning("cannot notify the service manager: " + std::string(std::strerror(-r)));
}

std::optional<Duration> SystemdNotifier::WatchdogEvery() const {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return Duration(static_cast<Duration::rep>(usec / 2000));
}

}  // namespace evt::failover
