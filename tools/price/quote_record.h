// The `quote` record (schemas/records/quote.json): a Quote as the stream
// carries it, with promotion ids instead of indices.
#pragma once

#include "common/time_format.h"
#include "common/value.h"
#include "tools/price/engine.h"
#include "tools/price/quote.h"

namespace evt::price {

Value MakeQuoteRecord(const Quote& quote, const PriceEngine& engine, TimePoint ts);

}  // namespace evt::price
