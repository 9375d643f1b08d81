// RenderSiteText: the sections of status_sections.h laid out for the width.
#include <algorithm>
#include <string>
#include <vector>

#include "common/color.h"
#include "common/text_width.h"
#include "tools/evt/site_snapshot.h"
#include "tools/evt/status_sections.h"
#include "tools/evt/status_time.h"

namespace evt {

namespace {

// Below this many columns (tmux split at 40, a phone) a row of cells does
// not fit; each row becomes a card instead.
constexpr int kCardsBelow = 60;

// A line that is still too wide (a long word in a card) is cut; its
// colour goes with it, which is better than a line that wraps.
std::string FitLine(const std::string& line, int width) {
  if (DisplayWidth(StripStyles(line)) <= width) return line;
  return TruncateToWidth(StripStyles(line), width);
}

std::string TitleLine(const front::Section& section, const RenderOptions& options) {
  std::string line = Styled(section.title, Style::kHeader, options.color);
  if (!section.summary.empty()) line += "  " + section.summary;
  return FitLine(line, options.width) + "\n";
}

// A column no row has anything in (no path carries recent latencies yet)
// is left out rather than shown as a header over nothing.
std::vector<bool> ColumnsInUse(const front::Section& section) {
  std::vector<bool> used(section.headers.size(), false);
  for (const auto& row : section.rows) {
    for (std::size_t i = 0; i < row.size() && i < used.size(); ++i) used[i] = used[i] || !row[i].text.empty();
  }
  return used;
}

std::string AsRows(const front::Section& section, const RenderOptions& options) {
  const std::vector<bool> used = ColumnsInUse(section);
  Table table;
  for (std::size_t i = 0; i < section.headers.size(); ++i) {
    if (used[i]) table.AddColumn(section.headers[i], Align::kLeft);
  }
  for (const auto& row : section.rows) {
    std::vector<Cell> cells;
    for (std::size_t i = 0; i < row.size() && i < used.size(); ++i) {
      if (used[i]) cells.push_back(row[i]);
    }
    table.AddRow(std::move(cells));
  }
  std::string out;
  std::string rendered = table.Render(options.color, options.width - 2);
  std::size_t start = 0;
  while (start < rendered.size()) {
    std::size_t end = rendered.find('\n', start);
    if (end == std::string::npos) end = rendered.size();
    out += FitLine("  " + rendered.substr(start, end - start), options.width) + "\n";
    start = end + 1;
  }
  return out;
}

// The first cell as the card's name, the others "header value" after it,
// wrapped at the width and indented under the name.
std::string AsCards(const front::Section& section, const RenderOptions& options) {
  std::string out;
  for (const auto& row : section.rows) {
    if (row.empty()) continue;
    // The rows' alignment of names ("▶ " before the active path) means
    // nothing on a card of its own.
    std::string name = SanitizeForTerminal(row[0].text);
    name.erase(0, name.find_first_not_of(' '));
    out += FitLine("  " + Styled(name, row[0].style, options.color), options.width) + "\n";
    std::string line = "    ";
    int used = 4;
    for (std::size_t i = 1; i < row.size(); ++i) {
      if (row[i].text.empty()) continue;
      std::string label = i < section.headers.size() && !section.headers[i].empty() ? section.headers[i] + " " : "";
      std::string text = SanitizeForTerminal(row[i].text);
      int w = DisplayWidth(label) + DisplayWidth(text);
      if (used > 4 && used + 2 + w > options.width) {
        out += FitLine(line, options.width) + "\n";
        line = "    ";
        used = 4;
      } else if (used > 4) {
        line += ", ";
        used += 2;
      }
      line += Styled(label, Style::kDim, options.color) + Styled(text, row[i].style, options.color);
      used += w;
    }
    if (used > 4) out += FitLine(line, options.width) + "\n";
  }
  return out;
}

std::string HeaderLines(const SiteSnapshot& snapshot, const RenderOptions& options) {
  std::string out = FitLine(Styled("evt status", Style::kHeader, options.color) + "  " +
                                front::ClockText(snapshot.at, snapshot.at, options),
                            options.width) +
                    "\n";
  if (snapshot.hold) {
    out += FitLine(Styled("HOLD", Style::kWarn, options.color) + " until " +
                       front::ClockText(snapshot.hold->until, snapshot.at, options) + " by " + snapshot.hold->by +
                       ": " + SanitizeForTerminal(snapshot.hold->reason),
                   options.width) +
           "\n";
  }
  return out;
}

}  // namespace

std::string RenderSiteText(const SiteSnapshot& snapshot, const RenderOptions& given) {
  RenderOptions options = given;
  options.width = std::max(options.width, 20);
  std::string out = HeaderLines(snapshot, options);
  for (const front::Section& section : front::BuildSections(snapshot, options)) {
    out += TitleLine(section, options);
    out += options.width < kCardsBelow ? AsCards(section, options) : AsRows(section, options);
  }
  return out;
}

}  // namespace evt
