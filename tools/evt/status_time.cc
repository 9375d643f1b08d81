#include "tools/evt/status_time.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "common/time_display.h"

namespace evt::front {

std::string ClockText(TimePoint t, TimePoint now, const RenderOptions& options) {
  const TimeZone& zone = options.utc || options.zone == nullptr ? UtcZone() : *options.zone;
  return FormatLocalTime(t, zone, now);
}

std::string AgeText(Duration age) {
  long long s = std::max<long long>(0, age.count() / 1000);
  char buffer[32];
  if (s < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm", s / 60);
  } else if (s < 86400) {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldd%lldh", s / 86400, s % 86400 / 3600);
  }
  return buffer;
}

}  // namespace evt::front
