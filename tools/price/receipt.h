// A quote for people at a terminal: a receipt-like table of the lines, the
// totals, and one line per promotion saying why it applied or did not.
#pragma once

#include <string>

#include "tools/price/engine.h"
#include "tools/price/quote.h"

namespace evt::price {

std::string RenderReceipt(const Quote& quote, const PriceEngine& engine, bool color, int width);

}  // namespace evt::price
