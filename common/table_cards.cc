#include "common/table_cards.h"

#include <algorithm>

#include "common/table_fit.h"
#include "common/text_fit.h"
#include "common/text_width.h"

namespace evt::table_cards {
namespace {

constexpr int kIndent = 2;

// Labels are padded to the longest, but never take more than a third of the
// line: the values are what the card is for.
int LabelWidth(const std::vector<std::string>& headers, int width) {
  int longest = 0;
  for (const std::string& header : headers) longest = std::max(longest, DisplayWidth(header) + 1);
  return std::min(longest, std::max(width / 3, 1));
}

std::string Spaces(int n) { return std::string(static_cast<std::size_t>(std::max(n, 0)), ' '); }

// "label: value" over as many lines as the value takes, each ending in '\n'.
std::string Field(const std::string& header, const Cell& value, const std::vector<std::string>& lines, int indent,
                  int label_width, bool color) {
  const std::string label = TruncateToWidth(header.empty() ? header : header + ":", label_width);
  std::string out = Spaces(indent) + Styled(label, Style::kDim, color);
  const int pad = label_width - DisplayWidth(label) + 1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += Spaces(indent + label_width + 1);
    if (!lines[i].empty()) out += Spaces(i == 0 ? pad : 0) + Styled(lines[i], value.style, color);
    out += '\n';
  }
  return out;
}

std::vector<std::string> ValueLines(const std::string& text, Fit fit, int width) {
  if (fit == Fit::kMiddle) return {TruncateMiddle(text, width)};
  return WrapToWidth(text, width);
}

}  // namespace

std::string RenderCards(const std::vector<std::string>& headers, const std::vector<ColumnOptions>& options,
                        const std::vector<std::vector<Cell>>& rows, bool color, int width) {
  const std::size_t key = static_cast<std::size_t>(
      std::find_if(options.begin(), options.end(), [](const ColumnOptions& o) { return o.priority == Priority::kKey; }) -
      options.begin());
  const int key_label = DisplayWidth(headers[key]) + 1;
  const int label_width = LabelWidth(headers, width - kIndent);
  const int value_width = std::max(width - kIndent - label_width - 1, 1);

  // Middle cuts are chosen per column, so two URLs stay apart across cards.
  std::vector<std::vector<std::string>> middles(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (options[c].fit != Fit::kMiddle) continue;
    std::vector<std::string> texts;
    for (const auto& row : rows) texts.push_back(row[c].text);
    const int room = c == key ? std::max(width - key_label - 1, 1) : value_width;
    middles[c] = table_fit::MiddleCutDistinct(texts, room);
  }
  auto lines_of = [&](std::size_t r, std::size_t c, int room) {
    if (options[c].fit == Fit::kMiddle) return std::vector<std::string>{middles[c][r]};
    return ValueLines(rows[r][c].text, options[c].fit, room);
  };

  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int key_room = std::max(width - key_label - 1, 1);
    out += Field(headers[key], rows[r][key], lines_of(r, key, key_room), 0, key_label, color);
    for (std::size_t c = 0; c < headers.size(); ++c) {
      if (c == key || rows[r][c].text.find_first_not_of(' ') == std::string::npos) continue;
      out += Field(headers[c], rows[r][c], lines_of(r, c, value_width), kIndent, label_width, color);
    }
  }
  return out;
}

}  // namespace evt::table_cards
