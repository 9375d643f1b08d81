#include "common/redraw.h"

#include <algorithm>

#include "common/text_width.h"

namespace evt {

std::string InPlaceDrawing::Replace(std::string_view frame) {
  std::string out;
  // Back to the first row of the previous frame.
  if (lines_ > 0) out += "\r\x1b[" + std::to_string(lines_) + "A";
  // Each row cleared (EL, from column 0: after a full-width line a terminal
  // waits to wrap, and an EL there would erase its last character) and
  // written, then what is left below cleared (ED) from the frame's end. Never an ED from the first row: tmux
  // takes a cleared screen as "scroll into history" (scroll-on-clear), and
  // the scrollback would fill with stale copies.
  lines_ = 0;
  std::size_t start = 0;
  while (start < frame.size()) {
    std::size_t end = frame.find('\n', start);
    if (end == std::string_view::npos) end = frame.size();
    out.append("\x1b[K").append(frame.substr(start, end - start));
    if (end < frame.size()) {
      out += '\n';
      ++lines_;
    }
    start = end + 1;
  }
  out += "\x1b[J";
  return out;
}

std::string FittedLine(std::string_view line, int width) {
  return TruncateToWidth(SanitizeForTerminal(line), std::max(width, 1));
}

}  // namespace evt
