// `evt status --watch`: the screen redrawn in place, not scrolled: the
// cursor goes home, each line clears what was right of it, and the rest of
// the old screen is cleared below, so tmux at 40 columns shows one screen,
// never copies of it. A resized terminal (SIGWINCH) is laid out again at
// once rather than at the next interval.
#pragma once

#include <functional>
#include <string>

#include "common/duration.h"
#include "common/status.h"

namespace evt::front {

// A frame for the terminal: `screen` (lines ending in '\n') behind a cursor
// home, each line ending in clear-to-end-of-line, then clear-to-end-of-screen.
std::string InPlaceFrame(const std::string& screen);

// Until SIGINT/SIGTERM: draws `screen(width)` for the terminal's width,
// then waits `interval` or until the terminal is resized.
Status WatchInPlace(Duration interval, const std::function<Result<std::string>(int width)>& screen);

}  // namespace evt::front
