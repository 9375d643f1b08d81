#include "common/table_fit.h"

#include <algorithm>
#include <set>

#include "common/text_fit.h"
#include "common/text_width.h"

namespace evt::table_fit {
namespace {

// Below these a column says too little to be worth its place: a state
// needs a word, a URL its host and path, a reason a phrase per line.
int KindFloor(Fit fit) {
  switch (fit) {
    case Fit::kCut:
      return 6;
    case Fit::kMiddle:
    case Fit::kWrap:
      return 16;
  }
  return 6;
}

// A header wider than its floor is cut rather than widen the column, but a
// short one stays whole.
constexpr int kHeaderFloorCap = 12;

// A key names the row: it stays whole up to this width (a runbook's or a
// gate's name), and only longer keys are cut.
constexpr int kKeyFloor = 24;

int Floor(int natural, int header_width, const ColumnOptions& options, int max_width) {
  int floor = std::max(KindFloor(options.fit), std::min(header_width, kHeaderFloorCap));
  // Text wrapped into a sliver is unreadable: a wrapped column keeps a
  // third of the line, or columns of lower priority make way for it.
  if (options.fit == Fit::kWrap) floor = std::max(floor, max_width / 3);
  if (options.priority == Priority::kKey) floor = std::max(floor, kKeyFloor);
  return std::min(natural, floor);
}

// What a column needs not to lose what it says: a cut column its text (up
// to a quarter of the line), the others their floor, as they give way by
// design. Columns are left out until these fit, before any is cut.
int Comfort(int natural, int floor, const ColumnOptions& options, int max_width) {
  if (options.fit != Fit::kCut) return floor;
  return std::min(natural, std::max(floor, max_width / 4));
}

// The column to leave out next: the lowest priority, the rightmost of equals.
int NextToLeaveOut(const ColumnPlan& plan, const std::vector<ColumnOptions>& options) {
  int pick = -1;
  for (int c = 0; c < static_cast<int>(options.size()); ++c) {
    if (!plan.shown[c] || options[c].priority == Priority::kKey) continue;
    if (pick < 0 || options[c].priority >= options[pick].priority) pick = c;
  }
  return pick;
}

// Narrows the widest shown column above its floor, one column at a time;
// ties go to the rightmost, which is usually free text rather than a key.
void NarrowTo(int max_width, const std::vector<int>& floors, ColumnPlan* plan) {
  while (TotalWidth(*plan) > max_width) {
    int widest = -1;
    for (int c = 0; c < static_cast<int>(floors.size()); ++c) {
      if (!plan->shown[c] || plan->widths[c] <= floors[c]) continue;
      if (widest < 0 || plan->widths[c] >= plan->widths[widest]) widest = c;
    }
    if (widest < 0) return;
    --plan->widths[widest];
  }
}

std::size_t DistinctCount(const std::vector<std::string>& texts) {
  return std::set<std::string>(texts.begin(), texts.end()).size();
}

}  // namespace

int TotalWidth(const ColumnPlan& plan) {
  int total = 0;
  int shown = 0;
  for (std::size_t c = 0; c < plan.widths.size(); ++c) {
    if (!plan.shown[c]) continue;
    total += plan.widths[c];
    ++shown;
  }
  return shown == 0 ? 0 : total + kGap * (shown - 1);
}

ColumnPlan PlanColumns(const std::vector<int>& natural, const std::vector<int>& header_widths,
                       const std::vector<ColumnOptions>& options, const std::vector<bool>& blank, int max_width) {
  ColumnPlan plan{natural, std::vector<bool>(natural.size(), true)};
  if (max_width <= 0 || TotalWidth(plan) <= max_width) return plan;
  std::vector<int> floors;
  for (std::size_t c = 0; c < natural.size(); ++c) {
    floors.push_back(Floor(natural[c], header_widths[c], options[c], max_width));
  }
  // A table too wide has no room for columns that say nothing.
  for (std::size_t c = 0; c < natural.size(); ++c) {
    if (blank[c] && options[c].priority != Priority::kKey) plan.shown[c] = false, plan.widths[c] = 0;
  }
  std::vector<int> comfort;
  for (std::size_t c = 0; c < natural.size(); ++c) {
    comfort.push_back(Comfort(natural[c], floors[c], options[c], max_width));
  }
  ColumnPlan at_comfort{comfort, plan.shown};
  while (TotalWidth(at_comfort) > max_width) {
    const int out = NextToLeaveOut(at_comfort, options);
    if (out < 0) break;
    at_comfort.shown[out] = plan.shown[out] = false;
    plan.widths[out] = 0;
  }
  NarrowTo(max_width, floors, &plan);
  NarrowTo(max_width, std::vector<int>(natural.size(), 1), &plan);
  return plan;
}

std::vector<std::string> MiddleCutDistinct(const std::vector<std::string>& texts, int width) {
  const int room = std::max(width - 1, 0);
  const int preferred = room - room / 2;
  std::vector<int> tails;
  for (int tail = preferred; tail <= room; ++tail) tails.push_back(tail);
  for (int tail = preferred - 1; tail >= 0; --tail) tails.push_back(tail);
  const std::size_t wanted = DistinctCount(texts);
  std::vector<std::string> best;
  std::size_t best_distinct = 0;
  for (int tail : tails) {
    std::vector<std::string> cut;
    for (const std::string& text : texts) cut.push_back(TruncateMiddle(text, width, tail));
    const std::size_t distinct = DistinctCount(cut);
    if (distinct == wanted) return cut;
    if (best.empty() || distinct > best_distinct) {
      best = std::move(cut);
      best_distinct = distinct;
    }
  }
  return best;
}

std::vector<std::vector<std::string>> FitColumn(const std::vector<std::string>& texts, Fit fit, int width) {
  std::vector<std::vector<std::string>> lines;
  if (fit == Fit::kMiddle) {
    for (std::string& cut : MiddleCutDistinct(texts, width)) lines.push_back({std::move(cut)});
    return lines;
  }
  for (const std::string& text : texts) {
    if (fit == Fit::kWrap && DisplayWidth(text) > width) {
      lines.push_back(WrapToWidth(text, width));
    } else {
      lines.push_back({TruncateToWidth(text, width)});
    }
  }
  return lines;
}

}  // namespace evt::table_fit
