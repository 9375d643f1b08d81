// The card layout of common/table.h: one block per row, for terminals too
// narrow for a row of cells. Internal to the table.
#pragma once

#include <string>
#include <vector>

#include "common/table.h"

namespace evt::table_cards {

// Each row as a block: the key column's `header: value` flush left, then
// every other non-blank cell as an indented `header: value` line, values
// aligned, wrapped at `width` (kMiddle columns cut in the middle instead).
// REQUIRES: headers, options and every row have one entry per column, the
// texts are sanitized, and an option has Priority::kKey (the first names
// the card).
std::string RenderCards(const std::vector<std::string>& headers, const std::vector<ColumnOptions>& options,
                        const std::vector<std::vector<Cell>>& rows, bool color, int width);

}  // namespace evt::table_cards
