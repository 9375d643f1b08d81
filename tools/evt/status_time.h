// Times and ages as a person on site reads them in `evt status`: the clock
// in the site's zone with its offset, and a date only when it is not today
// (a budget that "runs out 18:34" in five days says so). Records stay UTC.
#pragma once

#include <string>

#include "common/duration.h"
#include "common/time_format.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

// FormatLocalTime (common/time_display.h) in the render's zone, UTC with
// --utc: "18:34 +01:00" on the day of `now`, else "Fri 11 Dec 18:34 +01:00".
std::string ClockText(TimePoint t, TimePoint now, const RenderOptions& options);

// A coarse age: "45s", "12m", "3h04m", "2d5h".
std::string AgeText(Duration age);

}  // namespace evt::front
