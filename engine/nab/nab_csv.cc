#include "engine/nab/nab_csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/quoted.h"

namespace evt::nab {
namespace {

std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      cells.push_back(line.substr(start));
      return cells;
    }
    cells.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

std::string_view WithoutCarriageReturn(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Status ForEachCsvRow(const std::filesystem::path& path, std::string_view display,
                     std::span<const std::string_view> wanted, const CsvRowFn& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(std::string(display) + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = std::move(buffer).str();

  std::vector<std::size_t> columns;
  std::size_t widest = 0;
  std::vector<std::string_view> picked(wanted.size());
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line = WithoutCarriageReturn(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string_view> cells = SplitCommas(line);
    if (columns.empty()) {
      for (std::string_view name : wanted) {
        std::size_t i = 0;
        while (i < cells.size() && cells[i] != name) ++i;
        if (i == cells.size()) {
          return Status::DataErr(std::string(display) + ":" + std::to_string(line_no) +
                                 ": expected a column named \"" + std::string(name) + "\" in the header, got " +
                                 QuotedForMessage(line));
        }
        columns.push_back(i);
        widest = std::max(widest, i + 1);
      }
      continue;
    }
    if (cells.size() < widest) {
      return Status::DataErr(std::string(display) + ":" + std::to_string(line_no) + ": expected at least " +
                             std::to_string(widest) + " comma-separated fields, got " +
                             std::to_string(cells.size()));
    }
    for (std::size_t k = 0; k < columns.size(); ++k) picked[k] = cells[columns[k]];
    EVT_RETURN_IF_ERROR(row(line_no, picked));
  }
  if (columns.empty() && !wanted.empty()) {
    return Status::DataErr(std::string(display) + ": empty file, expected a header line");
  }
  return Status::Ok();
}

}  // namespace evt::nab
