// RenderSiteText: the sections of status_sections.h laid out for the width.
#include <algorithm>
#include <string_view>
#include <string>
#include <vector>

#include "common/color.h"
#include "common/table.h"
#include "common/text_width.h"
#include "tools/evt/site_snapshot.h"
#include "tools/evt/status_sections.h"
#include "tools/evt/status_time.h"

namespace evt {

namespace {

// A line that is still too wide (a long word in a card) is cut; its
// colour goes with it, which is better than a line that wraps.
std::string FitLine(const std::string& line, int width) {
  if (DisplayWidth(StripStyles(line)) <= width) return line;
  return TruncateToWidth(StripStyles(line), width);
}

// `text` in lines of at most `width` columns, broken at spaces, each line
// after the first indented by `indent` columns; a word wider than a line is
// cut. What a person must read whole (a hold's reason, an error) wraps at
// 40 columns rather than ending in "…".
std::vector<std::string> WrapWords(std::string_view text, int width, int indent) {
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string word(text.substr(start, end - start));
    start = end + 1;
    if (word.empty()) continue;
    const int room = width - (lines.empty() ? 0 : indent);
    int w = DisplayWidth(word);
    if (used > 0 && used + 1 + w > room) {
      lines.push_back(line);
      line.clear();
      used = 0;
    }
    const int line_room = width - (lines.empty() ? 0 : indent);
    if (w > line_room) {
      word = TruncateToWidth(word, line_room);
      w = DisplayWidth(word);
    }
    line += (used > 0 ? " " : "") + word;
    used += (used > 0 ? 1 : 0) + w;
  }
  if (used > 0 || lines.empty()) lines.push_back(line);
  for (std::size_t i = 1; i < lines.size(); ++i) lines[i] = std::string(static_cast<std::size_t>(indent), ' ') + lines[i];
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// The title and its summary on one line when they fit, else the summary
// wrapped below the title.
std::string TitleLine(const front::Section& section, const RenderOptions& options) {
  std::string title = Styled(section.title, Style::kHeader, options.color);
  if (section.summary.empty()) return FitLine(title, options.width) + "\n";
  if (DisplayWidth(section.title) + 2 + DisplayWidth(section.summary) <= options.width) {
    return title + "  " + section.summary + "\n";
  }
  std::vector<std::string> lines = WrapWords(section.summary, options.width - 2, 2);
  for (std::string& line : lines) line = "  " + line;
  return FitLine(title, options.width) + "\n" + Joined(lines);
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
  table.set_cards_below(0);  // AsCards lays out the narrow screen
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
      if (w > options.width - 4) {  // a field no line holds: on lines of its own
        if (used > 4) out += FitLine(line, options.width) + "\n";
        for (const std::string& wrapped : WrapWords(label + text, options.width - 4, 2)) {
          out += Styled("    " + wrapped, row[i].style, options.color) + "\n";
        }
        line = "    ";
        used = 4;
        continue;
      }
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
    std::vector<std::string> lines =
        WrapWords("HOLD until " + front::ClockText(snapshot.hold->until, snapshot.at, options) + " by " +
                      snapshot.hold->by + ": " + SanitizeForTerminal(snapshot.hold->reason),
                  options.width, 2);
    lines[0] = Styled("HOLD", Style::kWarn, options.color) + lines[0].substr(4);
    out += Joined(lines);
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
    // Below kCardsBelow (common/table.h) a row of cells does not fit; each
    // row becomes a card, laid out here with the section's own names.
    out += options.width < kCardsBelow ? AsCards(section, options) : AsRows(section, options);
  }
  return out;
}

}  // namespace evt
