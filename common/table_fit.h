// How common/table.h fits columns into a width: which columns stay, how wide
// each is, and what its cells become at that width. Internal to the table.
#pragma once

#include <string>
#include <vector>

#include "common/table.h"

namespace evt::table_fit {

inline constexpr int kGap = 2;

struct ColumnPlan {
  std::vector<int> widths;  // 0 for a column left out
  std::vector<bool> shown;
};

// Natural widths when they fit in max_width (or max_width <= 0); else each
// column narrowed towards a floor that depends on its Fit, without blank
// columns (no cell says anything), leaving out columns by priority (kLow
// first, the rightmost of equals first, never kKey) while the columns would
// have to cut text (a cut column below its text, up to a quarter of the
// line, or another below its floor); and then, as a last resort, narrowing
// to one column each.
// REQUIRES: natural, header_widths, options and blank have one entry per column.
ColumnPlan PlanColumns(const std::vector<int>& natural, const std::vector<int>& header_widths,
                       const std::vector<ColumnOptions>& options, const std::vector<bool>& blank, int max_width);

// The width of the shown columns with the gaps between them.
int TotalWidth(const ColumnPlan& plan);

// Each of a column's texts as the lines it takes at `width`: one line cut
// at the end (kCut), one line cut in the middle (kMiddle), or several
// wrapped lines (kWrap). Middle cuts choose one split for the whole column
// that keeps texts that differ apart, where any split can.
// REQUIRES: the texts are sanitized.
std::vector<std::vector<std::string>> FitColumn(const std::vector<std::string>& texts, Fit fit, int width);

// The texts cut in the middle to `width`, with the split that keeps the most
// of them distinct, the tail favoured.
std::vector<std::string> MiddleCutDistinct(const std::vector<std::string>& texts, int width);

}  // namespace evt::table_fit
