// A quote for people at a terminal: a receipt-like table of the lines, the
// totals, and one line per promotion saying why it applied or did not.
#pragma once

#include <string>

#include "common/time_format.h"
#include "common/time_zone.h"

#include "tools/price/engine.h"
#include "tools/price/quote.h"

namespace evt::price {

// The cart's time is shown in `zone` (the site's, doc/design.md §17) with
// its offset, and its date when it is not the day of `now`.
std::string RenderReceipt(const Quote& quote, const PriceEngine& engine, const TimeZone& zone, TimePoint now,
                          bool color, int width);

}  // namespace evt::price
