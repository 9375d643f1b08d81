// The human view of a run on a terminal: one row per series with its last
// value, score, expected range and whether its rule is raised.
#pragma once

#include <string>

#include "tools/detect/series_bank.h"

namespace evt::detect {

std::string SeriesTable(const SeriesBank& bank, bool color, int width);

}  // namespace evt::detect
