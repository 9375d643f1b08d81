#include "common/redraw.h"

#include <algorithm>

#include "common/text_width.h"

namespace evt {

std::string InPlaceDrawing::Replace(std::string_view frame) {
  std::string out;
  // Back to the first row of the previous frame, then clear everything below.
  if (lines_ > 0) out += "\r\x1b[" + std::to_string(lines_) + "A\x1b[J";
  out.append(frame);
  lines_ = static_cast<int>(std::count(frame.begin(), frame.end(), '\n'));
  return out;
}

std::string FittedLine(std::string_view line, int width) {
  return TruncateToWidth(SanitizeForTerminal(line), std::max(width, 1));
}

}  // namespace evt
