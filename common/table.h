// Aligned columns for human output on a terminal, fitted to its width.
// Widths are measured in display columns (common/text_width.h), so CJK text
// and emoji line up, and colour codes never count.
//
//   Table t;
//   t.AddColumn("path", {.priority = Priority::kKey});
//   t.AddColumn("url", {.fit = Fit::kMiddle, .priority = Priority::kLow});
//   t.AddColumn("loss", Align::kRight);
//   t.AddColumn("reason", {.fit = Fit::kWrap});
//   t.AddRow({"uplink", "http://127.0.0.1:8080/health", {"12%", Style::kWarn}, "timeout"});
//   std::cout << t.Render(color, TerminalWidth(STDOUT_FILENO));
//
// How a table meets a narrow terminal (doc/design.md §3.7): columns are
// narrowed, each as its Fit says, down to a floor; when the floors do not
// fit, columns are left out, lowest priority first, and one dim line under
// the table names them; below kCardsBelow columns a table that does not fit
// becomes cards, one block of `header: value` lines per row, which leave
// nothing out.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/color.h"

namespace evt {

enum class Align {
  kAuto,  // right when every non-empty cell of the column is a number
  kLeft,
  kRight,
};

// How a column's cells give way when the column is narrower than its text.
enum class Fit {
  kCut,     // the end is cut and "…" shows it: names, states, short text
  kMiddle,  // the middle is cut, head and tail kept: URLs, ids, paths
  kWrap,    // continued on the next lines of the row: reasons, details
};

// Which columns are left out first when the narrowed columns do not fit.
enum class Priority {
  kKey,  // never left out; the first names the row (the first line of its card)
  kHigh,
  kNormal,
  kLow,  // left out first
};

struct ColumnOptions {
  Align align = Align::kAuto;
  Fit fit = Fit::kCut;
  Priority priority = Priority::kNormal;
};

// Below this width a table that does not fit is laid out as cards: a tmux
// split or a phone has no room for a row of cells.
inline constexpr int kCardsBelow = 60;

struct Cell {
  Cell(std::string text, Style style = Style::kPlain) : text(std::move(text)), style(style) {}  // NOLINT
  Cell(const char* text, Style style = Style::kPlain) : text(text), style(style) {}  // NOLINT

  std::string text;
  Style style;
};

class Table {
 public:
  // A table without a kKey column treats its first column as its key.
  void AddColumn(std::string header, Align align = Align::kAuto);
  void AddColumn(std::string header, ColumnOptions options);

  // A row shorter than the columns is padded with empty cells; cells beyond
  // the last column get columns with empty headers, so nothing is dropped.
  void AddRow(std::vector<Cell> cells);

  // The header and the rows, each line ending in '\n', columns two spaces
  // apart and no trailing spaces. Cell text is sanitized (control characters
  // and invalid UTF-8 show as U+FFFD) so data cannot break the layout.
  // max_width <= 0 means no limit. A table wider than max_width is fitted
  // as the comment at the top of this file says; only a table that cannot
  // fit even with one column per cell is left wider. With `color`, headers
  // are bold and cells take their style; the layout is the same either way.
  // "" for a table without columns.
  std::string Render(bool color, int max_width) const;

  // A table that lays out its own cards (evt status) keeps rows at any
  // width with 0.
  void set_cards_below(int width);

 private:
  struct Column {
    std::string header;
    ColumnOptions options;
  };

  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
  int cards_below_ = kCardsBelow;
};

}  // namespace evt
