#include "common/table.h"

#include <algorithm>
#include <cctype>
#include <span>
#include <string_view>

#include "common/table_cards.h"
#include "common/table_fit.h"
#include "common/text_fit.h"
#include "common/text_width.h"

namespace evt {
namespace {

using table_fit::kGap;
constexpr int kFooterWrapsFrom = 20;

using Grid = std::vector<std::vector<Cell>>;

bool IsBlank(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

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

// One dim line under a table that left columns out, so a person knows
// there is more than the screen shows.
// A blank column is not named: it had nothing to show.
std::string LeftOutLine(const std::vector<std::string>& headers, const std::vector<bool>& blank,
                        const table_fit::ColumnPlan& plan, bool color, int max_width) {
  std::string names;
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (plan.shown[c] || blank[c]) continue;
    names += (names.empty() ? "" : ", ") + (headers[c].empty() ? std::string("?") : headers[c]);
  }
  if (names.empty()) return "";
  const std::string text = "not shown at this width: " + names;
  // Wrapped, unless the table is so narrow that a word a line would be worse than a cut.
  const std::vector<std::string> lines =
      max_width < kFooterWrapsFrom ? std::vector<std::string>{TruncateToWidth(text, max_width)}
                                   : WrapToWidth(text, max_width);
  std::string out;
  for (const std::string& line : lines) {
    out += Styled(line, Style::kDim, color) + "\n";
  }
  return out;
}

// The options as rendering uses them: alignment resolved from the cells,
// and a key column (the first unless one is named).
std::vector<ColumnOptions> Resolved(const std::vector<ColumnOptions>& given, std::span<const std::vector<Cell>> body,
                                    std::size_t count) {
  std::vector<ColumnOptions> options;
  for (std::size_t c = 0; c < count; ++c) {
    ColumnOptions o = c < given.size() ? given[c] : ColumnOptions{};
    o.align = Resolve(o.align, body, c);
    options.push_back(o);
  }
  const bool has_key =
      std::any_of(options.begin(), options.end(), [](const ColumnOptions& o) { return o.priority == Priority::kKey; });
  if (!has_key) options[0].priority = Priority::kKey;
  return options;
}

std::string RowLines(const std::vector<Cell>& row, const std::vector<std::vector<std::string>>& fitted,
                     const table_fit::ColumnPlan& plan, const std::vector<ColumnOptions>& options, bool color) {
  std::size_t height = 1;
  for (std::size_t c = 0; c < row.size(); ++c) {
    if (plan.shown[c]) height = std::max(height, fitted[c].size());
  }
  std::string out;
  for (std::size_t k = 0; k < height; ++k) {
    LineWriter line(color);
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (!plan.shown[c]) continue;
      const std::string text = k < fitted[c].size() ? fitted[c][k] : std::string();
      line.Cell(evt::Cell(text, row[c].style), plan.widths[c], options[c].align);
    }
    out += line.Finish();
  }
  return out;
}

}  // namespace

void Table::AddColumn(std::string header, Align align) { AddColumn(std::move(header), ColumnOptions{.align = align}); }

void Table::AddColumn(std::string header, ColumnOptions options) { columns_.push_back({std::move(header), options}); }

void Table::AddRow(std::vector<Cell> cells) { rows_.push_back(std::move(cells)); }

void Table::set_cards_below(int width) { cards_below_ = width; }

std::string Table::Render(bool color, int max_width) const {
  std::size_t count = columns_.size();
  for (const auto& row : rows_) count = std::max(count, row.size());
  if (count == 0) return "";

  std::vector<std::string> headers;
  std::vector<ColumnOptions> given;
  for (const Column& column : columns_) {
    headers.push_back(SanitizeForTerminal(column.header));
    given.push_back(column.options);
  }
  headers.resize(count);
  Grid body;
  for (const auto& row : rows_) body.push_back(Normalized(row, count));
  const std::vector<ColumnOptions> options = Resolved(given, body, count);

  Grid all = body;
  std::vector<Cell> header_cells;
  for (const std::string& h : headers) header_cells.emplace_back(h, Style::kHeader);
  all.insert(all.begin(), header_cells);
  const std::vector<int> natural = NaturalWidths(all, count);
  const std::vector<int> header_widths = NaturalWidths(Grid{header_cells}, count);

  std::vector<bool> blank(count, true);
  for (const auto& row : body) {
    for (std::size_t c = 0; c < count; ++c) blank[c] = blank[c] && IsBlank(row[c].text);
  }
  table_fit::ColumnPlan plan = table_fit::PlanColumns(natural, header_widths, options, blank, max_width);
  if (max_width > 0 && max_width < cards_below_ && plan.widths != natural) {
    return table_cards::RenderCards(headers, options, body, color, max_width);
  }

  std::vector<std::vector<std::vector<std::string>>> fitted(count);  // [column][row] lines
  for (std::size_t c = 0; c < count; ++c) {
    if (!plan.shown[c]) continue;
    std::vector<std::string> texts;
    for (const auto& row : body) texts.push_back(row[c].text);
    fitted[c] = table_fit::FitColumn(texts, options[c].fit, plan.widths[c]);
  }
  std::string out;
  LineWriter header(color);
  for (std::size_t c = 0; c < count; ++c) {
    if (plan.shown[c]) header.Cell(header_cells[c], plan.widths[c], options[c].align);
  }
  out += header.Finish();
  for (std::size_t r = 0; r < body.size(); ++r) {
    std::vector<std::vector<std::string>> row_fitted(count);
    for (std::size_t c = 0; c < count; ++c) {
      if (plan.shown[c]) row_fitted[c] = fitted[c][r];
    }
    out += RowLines(body[r], row_fitted, plan, options, color);
  }
  return out + LeftOutLine(headers, blank, plan, color, max_width);
}

}  // namespace evt
