// A block of lines redrawn in place on a terminal, as evt-probe's live table
// and evt-failover's live view do (doc/design.md §17): each frame moves back
// over the one before and overwrites it row by row, so the screen holds one
// current picture and the scrollback no stale copies.
#pragma once

#include <string>
#include <string_view>

namespace evt {

class InPlaceDrawing {
 public:
  // The bytes that replace the previous frame with `frame` (lines ending in
  // '\n'). REQUIRES: no line of `frame` is wider than the terminal, since a
  // wrapped line would take two rows and the next frame would start one
  // row too low.
  std::string Replace(std::string_view frame);

 private:
  int lines_ = 0;
};

// `line` cut to `width` display columns with "…", control characters shown
// as U+FFFD: what a line of a redrawn frame is before it is styled.
std::string FittedLine(std::string_view line, int width);

}  // namespace evt
