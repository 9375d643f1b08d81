#include "common/table.h"

#include <algorithm>
#include <cctype>
#include <span>
#include <string_view>

#include "common/text_width.h"

namespace evt {
namespace {

constexpr int kGap = 2;
constexpr int kMinColumnWidth = 1;

using Grid = std::vector<std::vector<Cell>>;

bool IsPlaceholder(std::string_view s) { return s.empty() || s == "-" || s == "—" || s == "–"; }

bool IsUnit(std::string_view s) {
  if (s == "µs") return true;
  return s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c)) || c == '%';
         });
}

// "12", "-3.5", "1,024", "42ms", "3.2 %": a number, maybe with a short unit.
bool LooksNumeric(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  int digits = 0;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == ','); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && s[i] == ' ') ++i;
  return IsUnit(s.substr(i));
}

Align Resolve(Align align, std::span<const std::vector<Cell>> body, std::size_t column) {
  if (align != Align::kAuto) return align;
  bool any_number = false;
  for (const auto& row : body) {
    const std::string& text = row[column].text;
    if (IsPlaceholder(text)) continue;
    if (!LooksNumeric(text)) return Align::kLeft;
    any_number = true;
  }
  return any_number ? Align::kRight : Align::kLeft;
}

std::vector<int> NaturalWidths(const Grid& grid, std::size_t columns) {
  std::vector<int> widths(columns, 0);
  for (const auto& row : grid) {
    for (std::size_t c = 0; c < columns; ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c].text));
  }
  return widths;
}

// A copy of the row with sanitized text and exactly `columns` cells.
std::vector<Cell> Normalized(const std::vector<Cell>& row, std::size_t columns) {
  std::vector<Cell> out;
  out.reserve(columns);
  for (const Cell& cell : row) out.emplace_back(SanitizeForTerminal(cell.text), cell.style);
  out.resize(columns, Cell(""));
  return out;
}

int TotalWidth(const std::vector<int>& widths) {
  int total = 0;
  for (int w : widths) total += w;
  return total + kGap * static_cast<int>(widths.size() - 1);
}

// Narrows the widest column one step at a time; ties go to the rightmost,
// which is usually free text rather than a key.
void FitInto(int max_width, std::vector<int>* widths) {
  if (max_width <= 0) return;
  while (TotalWidth(*widths) > max_width) {
    auto widest = std::max_element(widths->rbegin(), widths->rend());
    if (*widest <= kMinColumnWidth) return;
    --*widest;
  }
}

// Builds one line; padding is held back until more text follows, so lines
// never end in spaces and the layout is the same with colour on or off.
class LineWriter {
 public:
  explicit LineWriter(bool color) : color_(color) {}

  void Cell(const evt::Cell& cell, int width, Align align) {
    std::string text = TruncateToWidth(cell.text, width);
    const int padding = width - DisplayWidth(text);
    if (align == Align::kRight) pending_ += padding;
    // Trailing spaces (a bar's empty part) become padding, outside the style.
    const std::size_t end = text.find_last_not_of(' ');
    const int trailing = static_cast<int>(end == std::string::npos ? text.size() : text.size() - end - 1);
    text.resize(text.size() - static_cast<std::size_t>(trailing));
    if (!text.empty()) {
      line_.append(static_cast<std::size_t>(pending_), ' ');
      pending_ = 0;
      line_ += Styled(text, cell.style, color_);
    }
    pending_ += trailing;
    if (align != Align::kRight) pending_ += padding;
    pending_ += kGap;
  }

  std::string Finish() { return line_ + '\n'; }

 private:
  bool color_;
  int pending_ = 0;
  std::string line_;
};

}  // namespace

void Table::AddColumn(std::string header, Align align) { columns_.push_back({std::move(header), align}); }

void Table::AddRow(std::vector<Cell> cells) { rows_.push_back(std::move(cells)); }

std::string Table::Render(bool color, int max_width) const {
  std::size_t count = columns_.size();
  for (const auto& row : rows_) count = std::max(count, row.size());
  if (count == 0) return "";

  std::vector<Cell> header;
  for (const Column& column : columns_) header.emplace_back(column.header, Style::kHeader);
  Grid grid{Normalized(header, count)};
  for (const auto& row : rows_) grid.push_back(Normalized(row, count));
  const auto body = std::span<const std::vector<Cell>>(grid).subspan(1);

  std::vector<Align> aligns;
  for (std::size_t c = 0; c < count; ++c) {
    aligns.push_back(Resolve(c < columns_.size() ? columns_[c].align : Align::kAuto, body, c));
  }
  std::vector<int> widths = NaturalWidths(grid, count);
  FitInto(max_width, &widths);

  std::string out;
  for (const auto& row : grid) {
    LineWriter line(color);
    for (std::size_t c = 0; c < count; ++c) line.Cell(row[c], widths[c], aligns[c]);
    out += line.Finish();
  }
  return out;
}

}  // namespace evt
