#include "tools/evt/status_time.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "common/number_text.h"
#include "common/time_display.h"

namespace evt::front {

std::string ClockText(TimePoint t, TimePoint now, const RenderOptions& options) {
  const TimeZone& zone = options.utc || options.zone == nullptr ? UtcZone() : *options.zone;
  return FormatLocalTime(t, zone, now);
}

std::string AgeText(Duration age) { return DurationText(std::max(age, Duration(0))); }

}  // namespace evt::front
