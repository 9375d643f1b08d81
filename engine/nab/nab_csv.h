// Reading NAB's CSV files (data and detector results): a header line naming
// the columns, then one row per line, comma-separated, never quoted.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string_view>

#include "common/status.h"

namespace evt::nab {

// Calls `row` for each line after the header with the cells of the columns
// named in `wanted`, in that order; `line` is the 1-based line number, for
// messages. `display` names the file in messages.
// Errors: NoInput when the file cannot be read; DataErr "display:1: ..." when
// a wanted column is missing, "display:N: ..." when a row has too few cells;
// the first error `row` returns stops the reading and is returned.
// Blank lines are skipped and a "\r" before the "\n" is dropped.
using CsvRowFn = std::function<Status(std::size_t line, std::span<const std::string_view> cells)>;
Status ForEachCsvRow(const std::filesystem::path& path, std::string_view display,
                     std::span<const std::string_view> wanted, const CsvRowFn& row);

}  // namespace evt::nab
