// The rules an exposition's pieces must keep beyond its line syntax: how a
// value is spelled, UTF-8, and what a histogram or summary family must hold.
#pragma once

#include <optional>
#include <string_view>

#include "common/status.h"
#include "tools/scrape/exposition.h"

namespace evt::scrape {

// A sample value as Go's ParseFloat reads it: decimal or exponent notation,
// an optional sign, NaN, Inf/+Inf/-Inf (any case); nullopt otherwise.
std::optional<double> ParseValue(std::string_view text);

// Histograms: per series (labels without le) buckets with strictly
// increasing le, non-decreasing counts, the last le "+Inf", and _count equal
// to it when given. Summaries: a quantile label from 0 to 1 on every
// quantile sample. OpenMetrics counters: not negative, not NaN.
// The error names the family and series (without the source).
Status CheckFamily(const Family& family, ExpositionFormat format);

}  // namespace evt::scrape
