// Aligned columns for human output on a terminal. Widths are measured in
// display columns (common/text_width.h), so CJK text and emoji line up, and
// colour codes never count.
//
//   Table t;
//   t.AddColumn("path");
//   t.AddColumn("loss", Align::kRight);
//   t.AddRow({"uplink", {"12%", Style::kWarn}});
//   std::cout << t.Render(color, terminal_width);
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

struct Cell {
  Cell(std::string text, Style style = Style::kPlain) : text(std::move(text)), style(style) {}  // NOLINT
  Cell(const char* text, Style style = Style::kPlain) : text(text), style(style) {}  // NOLINT

  std::string text;
  Style style;
};

class Table {
 public:
  void AddColumn(std::string header, Align align = Align::kAuto);

  // A row shorter than the columns is padded with empty cells; cells beyond
  // the last column get columns with empty headers, so nothing is dropped.
  void AddRow(std::vector<Cell> cells);

  // The header and the rows, each line ending in '\n', columns two spaces
  // apart and no trailing spaces. Cell text is sanitized (control characters
  // and invalid UTF-8 show as U+FFFD) so data cannot break the layout. When
  // max_width > 0 and the table is wider, the widest column is narrowed,
  // one column at a time, with its cells cut and ending in "…", down to one
  // display column each; a table that still does not fit is left wider. With
  // `color`, headers are bold and cells take their style; the layout is the
  // same either way. "" for a table without columns.
  std::string Render(bool color, int max_width) const;

 private:
  struct Column {
    std::string header;
    Align align;
  };

  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace evt
